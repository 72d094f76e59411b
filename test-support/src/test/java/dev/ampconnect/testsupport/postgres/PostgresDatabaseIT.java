package dev.ampconnect.testsupport.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDatabaseIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static long tablesWhenClassStarted;

    @BeforeAll
    static void countTablesBeforeAnyTestRuns(PostgresDatabase db) {
        tablesWhenClassStarted = PostgresSchema.userTableCount(db);
    }

    @Test
    void classStartsWithAnEmptyDatabaseOfItsOwn() {
        assertTrue(PG.database().name().startsWith("amp_postgres_database_it_"), PG.database().name());
        assertEquals(0L, tablesWhenClassStarted);
    }

    @Test
    void createsInsertsAndSelectsRealRows() {
        PostgresDatabase db = PG.database();
        db.execute("CREATE TABLE blocks (num bigint PRIMARY KEY, hash text NOT NULL, gas numeric(20,0));"
                + "CREATE INDEX blocks_hash ON blocks (hash)");

        int inserted = db.update("INSERT INTO blocks VALUES (?, ?, ?), (?, ?, ?)",
                1L, "0xaa", new BigDecimal("21000"), 2L, "0xbb", new BigDecimal("42000"));

        assertEquals(2, inserted);
        assertEquals(List.of(
                        Map.of("num", 1L, "hash", "0xaa", "gas", new BigDecimal("21000")),
                        Map.of("num", 2L, "hash", "0xbb", "gas", new BigDecimal("42000"))),
                db.query("SELECT num, hash, gas FROM blocks ORDER BY num"));
        assertEquals("0xbb", db.queryValue("SELECT hash FROM blocks WHERE num = ?", String.class, 2L));
        // left in place on purpose: PostgresIsolationIT must never see it
        db.execute("CREATE TABLE " + PostgresSchema.SHARED_TABLE + " (owner text)");
        db.update("INSERT INTO " + PostgresSchema.SHARED_TABLE + " VALUES (?)", getClass().getSimpleName());
    }

    @Test
    void coordinatesWorkForAPlainJdbcClientLikeAConnector() throws Exception {
        PostgresDatabase db = PG.database();

        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_database(), current_user")) {
            assertTrue(rs.next());
            assertEquals(db.name(), rs.getString(1));
            assertEquals(db.user(), rs.getString(2));
        }
        assertEquals("jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name(), db.jdbcUrl());
    }

    @Test
    void sqlErrorsNameTheDatabaseAndStatement() {
        PostgresDatabase db = PG.database();

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> db.query("SELECT * FROM no_such_table"));

        assertTrue(error.getMessage().contains(db.name()), error.getMessage());
        assertTrue(error.getMessage().contains("SELECT * FROM no_such_table"), error.getMessage());
        assertTrue(error.getMessage().contains("42P01"), error.getMessage());
    }

    @Test
    void extraDatabasesAreIsolatedAndDroppedOnClose() {
        PostgresDatabase db = PG.database();
        String extraName;
        try (PostgresDatabase extra = db.server().createDatabase("extra")) {
            extraName = extra.name();
            assertEquals(0L, PostgresSchema.userTableCount(extra));
            extra.execute("CREATE TABLE only_in_extra (num bigint)");
            assertEquals(0L, extra.queryValue("SELECT count(*) FROM only_in_extra", Long.class));
        }

        assertEquals(0L, db.queryValue("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                Long.class, "only_in_extra"));
        assertEquals(0L, db.queryValue("SELECT count(*) FROM pg_database WHERE datname = ?", Long.class, extraName));
    }

    @Test
    void databaseIsAlsoInjectedAsAParameter(PostgresDatabase injected) {
        assertSame(PG.database(), injected);
    }

    @Nested
    class NestedClass {
        @Test
        void reusesTheEnclosingClassDatabase(PostgresDatabase injected) {
            assertSame(PG.database(), injected);
            assertFalse(injected.query("SELECT 1 AS one").isEmpty());
        }
    }
}
