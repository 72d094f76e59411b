package dev.ampconnect.sink.iceberg.write;

import java.util.Objects;

/**
 * Consecutive rows of one data file: positions {@code firstPosition .. firstPosition + rowCount - 1}. What the
 * registry keeps per microbatch, so invalidating it is a position delete without reading the table.
 *
 * @param file          the data file's location
 * @param firstPosition the first row's position in the file (0-based, Iceberg's {@code pos})
 * @param rowCount      number of rows
 */
public record RowRun(String file, long firstPosition, long rowCount) {

    public RowRun {
        Objects.requireNonNull(file, "file");
        if (firstPosition < 0 || rowCount <= 0) {
            throw new IllegalArgumentException("row run " + firstPosition + "+" + rowCount + " of " + file);
        }
    }

    /** The position after the last row. */
    public long endPosition() {
        return firstPosition + rowCount;
    }
}
