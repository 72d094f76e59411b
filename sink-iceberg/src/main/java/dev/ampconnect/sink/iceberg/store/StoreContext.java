package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.sink.iceberg.commit.TableCommit;
import dev.ampconnect.sink.iceberg.schema.IcebergTables;
import dev.ampconnect.sink.iceberg.write.WriteThreads;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;

/** What the store's parts share: the catalog and namespace, the connector's keys, the task's claims. */
final class StoreContext {

    private final SinkKeys keys;
    private final Catalog catalog;
    private final Namespace namespace;
    private final IcebergTables tables;
    private final long targetFileSizeBytes;
    private final WriteThreads writeThreads;
    private final TableClaims claims = new TableClaims();
    private final PendingTables pending = new PendingTables();
    private Consumer<TableCommit> commitDecorator = commit -> { };

    StoreContext(SinkKeys keys, Catalog catalog, Namespace namespace, IcebergTables tables, long targetFileSizeBytes) {
        this(keys, catalog, namespace, tables, targetFileSizeBytes, WriteThreads.single());
    }

    StoreContext(SinkKeys keys, Catalog catalog, Namespace namespace, IcebergTables tables, long targetFileSizeBytes,
                 WriteThreads writeThreads) {
        this.writeThreads = writeThreads;
        this.keys = keys;
        this.catalog = catalog;
        this.namespace = namespace;
        this.tables = tables;
        this.targetFileSizeBytes = targetFileSizeBytes;
    }

    SinkKeys keys() {
        return keys;
    }

    Catalog catalog() {
        return catalog;
    }

    Namespace namespace() {
        return namespace;
    }

    IcebergTables tables() {
        return tables;
    }

    long targetFileSizeBytes() {
        return targetFileSizeBytes;
    }

    /** The threads a unit's rows are encoded on ({@code iceberg.write.threads}). */
    WriteThreads writeThreads() {
        return writeThreads;
    }

    TableClaims claims() {
        return claims;
    }

    PendingTables pending() {
        return pending;
    }

    /** The table's name for messages ({@code namespace.table}). */
    String qualified(String table) {
        return tables.identifier(table).toString();
    }

    /** The table, or {@code null} when it does not exist. */
    Table find(String table) {
        return tables.find(table);
    }

    /** Applies the test seam to a commit about to be made. */
    TableCommit decorate(TableCommit commit) {
        commitDecorator.accept(commit);
        return commit;
    }

    void decorateCommits(Consumer<TableCommit> decorator) {
        this.commitDecorator = decorator;
    }
}
