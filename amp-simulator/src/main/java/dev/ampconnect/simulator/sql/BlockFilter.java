package dev.ampconnect.simulator.sql;

/**
 * The block numbers a query's WHERE clause keeps: {@code min..max}, inclusive (empty when min > max).
 *
 * @param min lowest block kept
 * @param max highest block kept
 */
public record BlockFilter(long min, long max) {

    /** Keeps every block. */
    public static final BlockFilter ALL = new BlockFilter(0, Long.MAX_VALUE);

    /** Whether {@code block} passes. */
    public boolean contains(long block) {
        return block >= min && block <= max;
    }

    /** Whether no block passes. */
    public boolean isEmpty() {
        return min > max;
    }

    /** Blocks both filters keep. */
    BlockFilter and(BlockFilter other) {
        return new BlockFilter(Math.max(min, other.min), Math.min(max, other.max));
    }
}
