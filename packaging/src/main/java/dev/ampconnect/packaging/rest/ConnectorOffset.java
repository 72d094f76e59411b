package dev.ampconnect.packaging.rest;

import java.util.Map;

/**
 * One entry of a connector's offsets (KIP-875, {@code GET/PATCH /connectors/{name}/offsets}): a source
 * partition map and its offset map as the connector defines them, or for a sink
 * {@code {kafka_topic, kafka_partition}} and {@code {kafka_offset}}. A {@code null} offset in a PATCH removes
 * the partition's offset.
 *
 * @param partition the partition map
 * @param offset    the offset map, or {@code null}
 */
public record ConnectorOffset(Map<String, Object> partition, Map<String, Object> offset) {
}
