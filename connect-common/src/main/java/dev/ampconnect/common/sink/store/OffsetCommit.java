package dev.ampconnect.common.sink.store;

/**
 * The new stored offset of one partition, valid only while the partition's epoch is still {@code epoch}.
 *
 * @param nextOffset the next offset to consume: every record below it is stored or deliberately dropped
 * @param epoch      the epoch the task received from {@link SinkStore#claim}
 */
public record OffsetCommit(long nextOffset, long epoch) {
}
