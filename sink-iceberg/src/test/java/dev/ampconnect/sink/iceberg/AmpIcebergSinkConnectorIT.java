package dev.ampconnect.sink.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.config.ConfigValidation;
import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import dev.ampconnect.testsupport.iceberg.IcebergCatalogExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code validate()} loads and reaches the real catalogs and attaches each problem to the key to fix. */
class AmpIcebergSinkConnectorIT {

    @RegisterExtension
    static final IcebergCatalogExtension REST = IcebergCatalogExtension.rest();

    @RegisterExtension
    static final IcebergCatalogExtension JDBC = IcebergCatalogExtension.jdbc();

    private static Map<String, String> config(IcebergCatalog catalog) {
        Map<String, String> config = new HashMap<>(catalog.connectorProperties());
        config.put("name", "validate");
        config.put("connector.class", AmpIcebergSinkConnector.class.getName());
        config.put("topics", "blocks");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put(IcebergSinkConfig.NAMESPACE, catalog.namespace());
        return config;
    }

    private static List<String> errors(Map<String, String> config, String key) {
        return ConfigValidation.errorsOf(new AmpIcebergSinkConnector().validate(config), key);
    }

    private static List<String> allErrors(Config result) {
        List<String> errors = new ArrayList<>();
        result.configValues().forEach(value -> value.errorMessages().forEach(m -> errors.add(value.name() + ": " + m)));
        return errors;
    }

    @Test
    void validConfigsOfBothCatalogsHaveNoErrors() {
        for (IcebergCatalog catalog : List.of(REST.catalog(), JDBC.catalog())) {
            Config result = new AmpIcebergSinkConnector().validate(config(catalog));
            assertFalse(ConfigValidation.hasErrors(result), catalog + ": " + allErrors(result));
        }
    }

    @Test
    void anUnknownCatalogTypeIsAttachedToTheType() {
        Map<String, String> config = config(REST.catalog());
        config.put(IcebergSinkConfig.CATALOG_TYPE, "no-such-type");
        List<String> errors = errors(config, IcebergSinkConfig.CATALOG_TYPE);
        assertEquals(1, errors.size(), allErrors(new AmpIcebergSinkConnector().validate(config)).toString());
        assertTrue(errors.get(0).contains("no-such-type"), errors.get(0));
    }

    @Test
    void anUnreachableRestCatalogIsAttachedToTheUri() {
        Map<String, String> config = config(REST.catalog());
        config.put(IcebergSinkConfig.CATALOG_URI, "http://127.0.0.1:1/catalog");
        List<String> errors = errors(config, IcebergSinkConfig.CATALOG_URI);
        assertEquals(1, errors.size(), allErrors(new AmpIcebergSinkConnector().validate(config)).toString());
        assertTrue(errors.get(0).contains("127.0.0.1:1"), errors.get(0));
    }

    @Test
    void anUnknownJdbcDatabaseIsAttachedToTheUri() {
        Map<String, String> config = config(JDBC.catalog());
        String uri = config.get(IcebergSinkConfig.CATALOG_URI);
        config.put(IcebergSinkConfig.CATALOG_URI, uri.substring(0, uri.lastIndexOf('/')) + "/no_such_db");
        List<String> errors = errors(config, IcebergSinkConfig.CATALOG_URI);
        assertEquals(1, errors.size(), allErrors(new AmpIcebergSinkConnector().validate(config)).toString());
        assertTrue(errors.get(0).contains("no_such_db"), errors.get(0));
    }

    @Test
    void aRefusedJdbcLoginIsAttachedToTheUserOrPassword() {
        Map<String, String> config = config(JDBC.catalog());
        config.put(IcebergSinkConfig.CATALOG_JDBC_USER, "no_such_user");
        config.put(IcebergSinkConfig.CATALOG_JDBC_PASSWORD, "wrong-secret");
        // a trusting server says the role does not exist (28000: user); password authentication cannot tell (28P01)
        Config result = new AmpIcebergSinkConnector().validate(config);
        List<String> errors = new ArrayList<>(ConfigValidation.errorsOf(result, IcebergSinkConfig.CATALOG_JDBC_USER));
        errors.addAll(ConfigValidation.errorsOf(result, IcebergSinkConfig.CATALOG_JDBC_PASSWORD));
        assertEquals(1, errors.size(), allErrors(result).toString());
        assertFalse(allErrors(result).toString().contains("wrong-secret"), "the secret is never shown");
    }

    @Test
    void aMissingNamespaceWithAutoCreateOffIsAttachedToTheNamespace() {
        Map<String, String> config = config(REST.catalog());
        config.put(IcebergSinkConfig.NAMESPACE, "no_such_namespace");
        config.put(AmpSinkConfig.TABLE_AUTO_CREATE, "false");
        List<String> errors = errors(config, IcebergSinkConfig.NAMESPACE);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("no_such_namespace"), errors.get(0));
        config.put(AmpSinkConfig.TABLE_AUTO_CREATE, "true");
        assertFalse(ConfigValidation.hasErrors(new AmpIcebergSinkConnector().validate(config)), "created on first write");
    }

    @Test
    void secretsAreMaskedAndTheFlushIntervalDefaultsToAMinute() {
        ConfigDef def = new AmpIcebergSinkConnector().config();
        for (String key : List.of(IcebergSinkConfig.CATALOG_CREDENTIAL, IcebergSinkConfig.CATALOG_TOKEN,
                IcebergSinkConfig.CATALOG_JDBC_PASSWORD, IcebergSinkConfig.CATALOG_S3_SECRET_ACCESS_KEY)) {
            assertEquals(ConfigDef.Type.PASSWORD, def.configKeys().get(key).type, key);
        }
        assertEquals(60_000L, def.configKeys().get(AmpSinkConfig.BUFFER_FLUSH_INTERVAL_MS).defaultValue);
        assertEquals("60000", IcebergSinkDefaults.apply(Map.of()).get(AmpSinkConfig.BUFFER_FLUSH_INTERVAL_MS));
        assertEquals("5000", IcebergSinkDefaults.apply(Map.of(AmpSinkConfig.BUFFER_FLUSH_INTERVAL_MS, "5000"))
                .get(AmpSinkConfig.BUFFER_FLUSH_INTERVAL_MS));
    }
}
