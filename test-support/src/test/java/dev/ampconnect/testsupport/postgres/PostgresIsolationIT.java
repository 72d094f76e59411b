package dev.ampconnect.testsupport.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs in the same JVM and on the same server as {@link PostgresDatabaseIT}, in either order: whichever
 * runs second would see the other's tables if classes shared a database.
 */
class PostgresIsolationIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @Test
    void eachClassGetsItsOwnDatabase(PostgresDatabase db) {
        assertEquals(0L, PostgresSchema.userTableCount(db));

        db.execute("CREATE TABLE " + PostgresSchema.SHARED_TABLE + " (owner text)");
        db.update("INSERT INTO " + PostgresSchema.SHARED_TABLE + " VALUES (?)", getClass().getSimpleName());

        assertEquals(List.of(Map.of("owner", getClass().getSimpleName())),
                db.query("SELECT owner FROM " + PostgresSchema.SHARED_TABLE));
    }
}
