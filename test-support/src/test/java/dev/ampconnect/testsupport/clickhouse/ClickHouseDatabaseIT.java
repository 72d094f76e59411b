package dev.ampconnect.testsupport.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ampconnect.testsupport.clickhouse.ClickHouseHttp.ClickHouseHttpException;

/** The shared ClickHouse server answers the HTTP interface; each class gets a database of its own. */
class ClickHouseDatabaseIT {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    @Test
    void pingAnswersOk(ClickHouseDatabase db) {
        assertTrue(db.server().http().ping(Duration.ofSeconds(5)));
    }

    private static String tablesWhenClassStarted;

    @BeforeAll
    static void countTablesBeforeAnyTestRuns(ClickHouseDatabase db) {
        tablesWhenClassStarted = db.queryValue("SELECT count() FROM system.tables WHERE database = currentDatabase()");
    }

    @Test
    void classGetsItsOwnEmptyDatabase(ClickHouseDatabase db) {
        assertTrue(db.name().startsWith("amp_click_house_database_it_"), db.name());
        assertEquals(db.name(), db.queryValue("SELECT currentDatabase()"));
        assertEquals("0", tablesWhenClassStarted);
    }

    @Test
    void createInsertSelectRoundTrip(ClickHouseDatabase db) {
        db.execute("CREATE TABLE blocks (num UInt64, hash FixedString(2)) ENGINE = MergeTree ORDER BY num");
        db.execute("INSERT INTO blocks VALUES (1, 'ab'), (2, 'cd')", Map.of("async_insert", "0"));

        assertEquals(2, db.count("blocks"));
        assertEquals(List.of(Map.of("num", "1", "hash", "ab"), Map.of("num", "2", "hash", "cd")),
                db.query("SELECT num, hash FROM blocks ORDER BY num"));
    }

    @Test
    void settingsApplyToOneRequestOnly(ClickHouseDatabase db) {
        String before = db.queryValue("SELECT getSetting('max_block_size')");
        assertEquals("1234", db.server().http().query(db.name(), "SELECT getSetting('max_block_size')",
                Map.of("max_block_size", "1234")).trim());
        assertEquals(before, db.queryValue("SELECT getSetting('max_block_size')"));
    }

    @Test
    void errorsCarryTheClickHouseCodeAndMessage(ClickHouseDatabase db) {
        ClickHouseHttpException error = assertThrows(ClickHouseHttpException.class,
                () -> db.queryValue("SELECT * FROM no_such_table"));
        assertEquals(60, error.code());
        assertTrue(error.getMessage().contains("Code: 60. DB::Exception:"), error.getMessage());
        assertTrue(error.getMessage().contains("no_such_table"), error.getMessage());
    }
}
