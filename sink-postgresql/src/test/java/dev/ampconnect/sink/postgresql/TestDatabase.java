package dev.ampconnect.sink.postgresql;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL for the test JVM: {@code AMP_TEST_PG_URL} (with {@code AMP_TEST_PG_USER},
 * {@code AMP_TEST_PG_PASSWORD}) when set, else an embedded PostgreSQL (zonky) started once.
 * (Temporary until test-support's extension lands.)
 */
final class TestDatabase {

    private static TestDatabase instance;

    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    static synchronized TestDatabase get() {
        if (instance == null) {
            String external = System.getenv("AMP_TEST_PG_URL");
            if (external != null && !external.isBlank()) {
                instance = new TestDatabase(external, System.getenv("AMP_TEST_PG_USER"), System.getenv("AMP_TEST_PG_PASSWORD"));
            } else {
                try {
                    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            postgres.close();
                        } catch (IOException ignored) {
                            // JVM exit
                        }
                    }));
                    // without the URL's ?user=…: pgjdbc lets URL parameters override pg.user
                    String url = postgres.getJdbcUrl("postgres", "postgres").replaceFirst("\\?.*$", "");
                    instance = new TestDatabase(url, "postgres", "postgres");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
                }
            }
        }
        return instance;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Runs statements in auto-commit. */
    void execute(String... sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
