package dev.ampconnect.sink.postgresql;

/**
 * A column of an existing table.
 *
 * @param name    column name
 * @param type    what the writer can encode into
 * @param sqlType the declared type, e.g. {@code numeric(20,0)}, for messages
 */
record PgColumn(String name, PgType type, String sqlType) {
}
