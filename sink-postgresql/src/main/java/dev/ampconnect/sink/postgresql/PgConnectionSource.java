package dev.ampconnect.sink.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens pgjdbc connections by instantiating {@code org.postgresql.Driver} directly: inside Connect's
 * isolated plugin class loader, {@code DriverManager} does not see the plugin's driver.
 */
final class PgConnectionSource {

    private final String url;
    private final Properties properties = new Properties();

    PgConnectionSource(String url, String user, String password, String applicationName) {
        this.url = url;
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", applicationName);
    }

    static PgConnectionSource of(PostgresSinkConfig config, String applicationName) {
        return new PgConnectionSource(config.url(), config.user(), config.password(), applicationName);
    }

    /** A new connection with auto-commit off. */
    Connection open() throws SQLException {
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("pgjdbc does not accept the URL " + url + " (expected jdbc:postgresql://…)", "08001");
        }
        connection.setAutoCommit(false);
        return connection;
    }
}
