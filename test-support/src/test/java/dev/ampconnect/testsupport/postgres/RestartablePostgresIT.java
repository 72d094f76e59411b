package dev.ampconnect.testsupport.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartablePostgresIT {

    @TempDir
    Path work;

    @Test
    void stopRefusesConnectionsAndStartBringsTheSameDataBackOnTheSamePort() throws Exception {
        Path data = work.resolve("pg");
        try (RestartablePostgres pg = RestartablePostgres.start(data)) {
            PostgresDatabase db = pg.server().createDatabase("restart");
            db.execute("CREATE TABLE kept (n bigint)");
            db.update("INSERT INTO kept VALUES (?), (?)", 1L, 2L);
            Connection open = db.connect();

            pg.stop();

            assertFalse(pg.isRunning());
            assertThrows(SQLException.class, db::connect, "a stopped server must refuse connections");
            assertThrows(SQLException.class, () -> open.createStatement().execute("SELECT 1"),
                    "a session open across the stop must be cut");
            open.close();

            pg.start();

            assertTrue(pg.isRunning());
            assertEquals(db.port(), pg.port());
            assertEquals(3L, db.queryValue("SELECT sum(n)::bigint FROM kept", Long.class));
        }
        assertFalse(Files.exists(data), "close() deletes the data directory");
    }

    @Test
    void startEmptiesADataDirectoryLeftByAnEarlierRun() {
        Path data = work.resolve("pg");
        try (RestartablePostgres first = RestartablePostgres.start(data)) {
            first.server().createDatabase("leftover").execute("CREATE TABLE t (n int)");
            first.stop();
            try (RestartablePostgres second = RestartablePostgres.start(data)) {
                assertEquals(0L, second.server().createDatabase("fresh")
                        .queryValue("SELECT count(*) FROM pg_database WHERE datname LIKE 'amp_leftover_%'", Long.class));
            }
        }
    }
}
