package dev.ampconnect.common.sink.store;

import java.util.OptionalLong;

/**
 * The result of claiming a partition.
 *
 * @param nextOffset the stored next offset to consume (empty when nothing was ever stored)
 * @param epoch      this task's epoch for the partition; every unit it applies carries it
 */
public record PartitionClaim(OptionalLong nextOffset, long epoch) {
}
