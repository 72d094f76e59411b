/**
 * A plain Kafka broker for tests that produce and consume without a Connect worker:
 * {@link dev.ampconnect.testsupport.kafka.KafkaBrokers#shared()} ({@code AMP_TEST_KAFKA_BOOTSTRAP_SERVERS}, else
 * a Testcontainers broker where Docker answers, else an in-JVM KRaft broker).
 */
package dev.ampconnect.testsupport.kafka;
