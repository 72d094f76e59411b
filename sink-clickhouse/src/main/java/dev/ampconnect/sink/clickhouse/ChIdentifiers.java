package dev.ampconnect.sink.clickhouse;

import java.util.List;
import java.util.stream.Collectors;

/** ClickHouse identifiers in backquotes, so any name (reserved words, dots, quotes) is taken literally. */
final class ChIdentifiers {

    private ChIdentifiers() {
    }

    /** {@code `name`}, with backslashes and backquotes escaped. */
    static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    /** {@code `database`.`table`}. */
    static String qualified(String database, String table) {
        return quote(database) + "." + quote(table);
    }

    /** {@code `a`, `b`, `c`}. */
    static String list(List<String> identifiers) {
        return identifiers.stream().map(ChIdentifiers::quote).collect(Collectors.joining(", "));
    }
}
