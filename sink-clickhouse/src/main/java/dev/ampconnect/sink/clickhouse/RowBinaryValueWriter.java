package dev.ampconnect.sink.clickhouse;

/** Writes the value at one index of an Arrow vector as one RowBinary value of one ClickHouse type. */
@FunctionalInterface
interface RowBinaryValueWriter {

    /** Appends the value at {@code index} to {@code out}. */
    void write(int index, ByteSink out) throws RejectedValue;
}
