package dev.ampconnect.sink.clickhouse;

/**
 * A column of an existing table.
 *
 * @param name the column name
 * @param type its type as parsed from {@code system.columns}; an unparseable type is kept as one opaque name
 */
record ChColumn(String name, ChType type) {
}
