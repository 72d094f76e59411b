package dev.ampconnect.testsupport.postgres;

/** Catalog queries the PostgreSQL self-tests share. */
final class PostgresSchema {

    /** A table name both isolation tests create, each in its own database. */
    static final String SHARED_TABLE = "isolation_probe";

    private PostgresSchema() {
    }

    static long userTableCount(PostgresDatabase db) {
        return db.queryValue("SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", Long.class);
    }
}
