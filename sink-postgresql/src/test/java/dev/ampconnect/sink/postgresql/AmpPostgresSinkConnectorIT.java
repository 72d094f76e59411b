package dev.ampconnect.sink.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.config.ConfigValidation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.postgres.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code validate()} connects to the real server and attaches each problem to the key to fix. */
class AmpPostgresSinkConnectorIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("name", "validate");
        config.put("connector.class", AmpPostgresSinkConnector.class.getName());
        config.put("topics", "blocks");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        PostgresDatabase database = PG.database();
        config.put(PostgresSinkConfig.URL, database.jdbcUrl());
        config.put(PostgresSinkConfig.USER, database.user());
        config.put(PostgresSinkConfig.PASSWORD, database.password());
        return config;
    }

    private static List<String> errors(Map<String, String> config, String key) {
        return ConfigValidation.errorsOf(new AmpPostgresSinkConnector().validate(config), key);
    }

    @Test
    void aValidConfigHasNoErrors() {
        Config result = new AmpPostgresSinkConnector().validate(config());
        assertFalse(ConfigValidation.hasErrors(result), result.configValues().toString());
    }

    @Test
    void anUnknownUserIsAttachedToTheUser() {
        Map<String, String> config = config();
        config.put(PostgresSinkConfig.USER, "no_such_user");
        // a trusting server says the role does not exist (28000, pg.user); one with password authentication
        // cannot tell and reports a failed password (28P01, pg.password)
        List<String> errors = new java.util.ArrayList<>(errors(config, PostgresSinkConfig.USER));
        errors.addAll(errors(config, PostgresSinkConfig.PASSWORD));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("no_such_user"), errors.get(0));
    }

    @Test
    void authenticationFailuresNameTheKeyToFix() {
        assertEquals(PostgresSinkConfig.PASSWORD, AmpPostgresSinkConnector.keyOf(new java.sql.SQLException("x", "28P01")));
        assertEquals(PostgresSinkConfig.USER, AmpPostgresSinkConnector.keyOf(new java.sql.SQLException("x", "28000")));
        assertEquals(PostgresSinkConfig.URL, AmpPostgresSinkConnector.keyOf(new java.sql.SQLException("x", "08001")));
    }

    @Test
    void anUnknownDatabaseIsAttachedToTheUrl() {
        Map<String, String> config = config();
        config.put(PostgresSinkConfig.URL, PG.database().jdbcUrl().replace("/" + PG.database().name(), "/no_such_db"));
        List<String> errors = errors(config, PostgresSinkConfig.URL);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("no_such_db"), errors.get(0));
    }

    @Test
    void anUnreachableServerIsAttachedToTheUrl() {
        Map<String, String> config = config();
        config.put(PostgresSinkConfig.URL, "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2");
        assertEquals(1, errors(config, PostgresSinkConfig.URL).size());
    }

    @Test
    void aMissingSchemaIsAttachedToTheSchema() {
        Map<String, String> config = config();
        config.put(PostgresSinkConfig.SCHEMA, "no_such_schema");
        assertTrue(errors(config, PostgresSinkConfig.SCHEMA).get(0).contains("does not exist"));
    }

    @Test
    void upsertWithoutKeyFieldsIsAttachedToTheKeyFields() {
        Map<String, String> config = config();
        config.put(PostgresSinkConfig.WRITE_MODE, "upsert");
        assertEquals(1, errors(config, PostgresSinkConfig.PK_FIELDS).size());
    }

    @Test
    void theHeaderConverterIsRequired() {
        Map<String, String> config = config();
        config.remove("header.converter");
        assertEquals(1, errors(config, "header.converter").size());
    }

    @Test
    void thePasswordIsASecret() {
        assertEquals(ConfigDef.Type.PASSWORD,
                new AmpPostgresSinkConnector().config().configKeys().get(PostgresSinkConfig.PASSWORD).type);
    }
}
