package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.config.ConfigValidation;
import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.AmpSinkConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;

/**
 * The amp PostgreSQL sink connector. {@code validate()} really connects and attaches what fails to the key
 * to fix: the URL (unreachable server, unknown database), the user or password (authentication), the
 * schema (missing, or not writable while table.auto.create is on), the primary key (upsert mode).
 */
public class AmpPostgresSinkConnector extends AmpSinkConnector {

    @Override
    protected ConfigDef storeConfigDef() {
        return PostgresSinkConfig.configDef();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AmpPostgresSinkTask.class;
    }

    @Override
    public void start(Map<String, String> props) {
        super.start(props);
        new PostgresSinkConfig(props);
    }

    @Override
    protected Config validateStore(Map<String, String> connectorConfig, Config config) {
        PostgresSinkConfig pg;
        try {
            pg = new PostgresSinkConfig(connectorConfig);
        } catch (ConfigException e) {
            return ConfigValidation.withError(config, PostgresSinkConfig.PK_FIELDS, connectorConfig.get(PostgresSinkConfig.PK_FIELDS),
                    "pg.write.mode=upsert needs pg.pk.fields (the value fields forming the primary key)");
        }
        AmpSinkConfig base = new AmpSinkConfig(connectorConfig);
        try (Connection connection = PgConnectionSource.of(pg, "amp-connect validate").open()) {
            return checkSchema(connection, pg, base, config);
        } catch (SQLException e) {
            return ConfigValidation.withError(config, keyOf(e), null, "cannot connect to " + pg.url() + " as "
                    + (pg.user() == null ? "the URL's user" : pg.user()) + ": " + PgErrors.describe(e));
        }
    }

    private static Config checkSchema(Connection connection, PostgresSinkConfig pg, AmpSinkConfig base, Config config)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT has_schema_privilege(n.oid, 'CREATE')"
                + " FROM pg_namespace n WHERE n.nspname = ?")) {
            statement.setString(1, pg.schema());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return ConfigValidation.withError(config, PostgresSinkConfig.SCHEMA, pg.schema(),
                            "schema '" + pg.schema() + "' does not exist in the database");
                }
                if (!row.getBoolean(1)) {
                    return ConfigValidation.withError(config, PostgresSinkConfig.SCHEMA, pg.schema(), "the user may not create"
                            + " tables in schema '" + pg.schema() + "' (the sink's own tables live there"
                            + (base.autoCreate() ? ", and table.auto.create is on" : "") + "); GRANT CREATE ON SCHEMA or pick"
                            + " another schema");
                }
            }
        }
        return config;
    }

    /** Which key a connection failure is about. */
    static String keyOf(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("28P01")) {
            return PostgresSinkConfig.PASSWORD;
        }
        if (state.startsWith("28")) {
            return PostgresSinkConfig.USER;
        }
        return PostgresSinkConfig.URL;
    }
}
