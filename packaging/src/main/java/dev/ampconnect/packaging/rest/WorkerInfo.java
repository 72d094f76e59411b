package dev.ampconnect.packaging.rest;

/**
 * {@code GET /}: which Kafka Connect a worker runs and which Kafka cluster it belongs to.
 *
 * @param version        the worker's Kafka version, e.g. {@code 3.9.1}
 * @param commit         its source commit
 * @param kafkaClusterId the id of the Kafka cluster behind it
 */
public record WorkerInfo(String version, String commit, String kafkaClusterId) {
}
