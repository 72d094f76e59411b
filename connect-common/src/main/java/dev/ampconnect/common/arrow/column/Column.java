package dev.ampconnect.common.arrow.column;

import java.util.Objects;

/**
 * One resolved Arrow column (or nested field, list element, map key or value): its name, its path for
 * messages, its nullability and its {@link ColumnKind}. Built by {@link ColumnResolver}; immutable.
 *
 * @param name     the Arrow field name
 * @param path     where the column sits, for messages: {@code tx}, {@code tx.access_list[].address},
 *                 {@code labels{key}}, {@code labels{value}}
 * @param nullable whether the Arrow field is declared nullable
 * @param kind     what it holds
 */
public record Column(String name, String path, boolean nullable, ColumnKind kind) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    /** Calls the visitor's method for this column's kind. */
    public <R> R accept(ColumnKind.Visitor<R> visitor) {
        return kind.accept(visitor);
    }
}
