package dev.ampconnect.packaging.demo;

/**
 * What one sink has stored of one table, as the demo reads it from the store itself.
 *
 * @param lastCompleteBlock the sink's last complete block of the table (its own progress record), -1 before one
 * @param rows              the table's rows
 */
public record TableProgress(long lastCompleteBlock, long rows) {
}
