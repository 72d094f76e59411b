package dev.ampconnect.common.sink.store;

/**
 * How a store makes a unit of work durable, declared by the store ({@link SinkStore#commitScope()}). The
 * sink base plans, orders and retries units according to it (docs/ARCHITECTURE.md "Commit scopes"); a store
 * never fakes a guarantee it cannot keep.
 */
public enum CommitScope {
    /**
     * Every table of a unit and every partition's offset become visible in one atomic step (a database
     * transaction, a Redis MULTI/EXEC). One epoch per (connector, topic, partition), checked inside the step.
     */
    UNIT,
    /**
     * One table at a time: a table's rows, deletes, registry changes and state plus that table's own offsets
     * become visible in one atomic step (an Iceberg commit); different tables commit separately. Offsets are
     * kept per (table, partition) and fenced by a per-(table, partition) epoch taken when the task loads the
     * table. On restart a record below a table's stored offset is skipped for that table only; a partition
     * resumes at the highest "everything below is stored" mark any table recorded.
     */
    TABLE,
    /**
     * No atomic step at all (ClickHouse): units are per partition and re-formed identically after a crash
     * (the store records a unit's offset range before writing it), every step is idempotent (rows carry the
     * unit's stable dedup token, deletes are by batch sequence), and the registry, table states and offsets
     * are written last, together, as the unit's commit marker.
     */
    IDEMPOTENT
}
