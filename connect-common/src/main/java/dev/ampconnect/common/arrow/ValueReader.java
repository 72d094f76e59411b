package dev.ampconnect.common.arrow;

/**
 * Reads the Connect value at one index of the Arrow vector it was bound to; {@code null} for an Arrow null.
 * Built by a {@link ColumnPlan} per record batch, so the hot path has no type switch and no schema lookup.
 */
@FunctionalInterface
interface ValueReader {

    Object read(int index);
}
