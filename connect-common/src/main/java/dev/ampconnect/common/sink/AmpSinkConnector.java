package dev.ampconnect.common.sink;

import dev.ampconnect.common.config.AmpConnectVersion;
import dev.ampconnect.common.config.ConfigDefs;
import dev.ampconnect.common.config.ConfigValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Base of every amp sink connector: the base keys ({@link AmpSinkConfig}) plus the backend's, identical
 * task configs, and a {@code validate()} that requires the string header converter and then lets the
 * backend check its store (connect, attach errors to the key to fix).
 */
public abstract class AmpSinkConnector extends SinkConnector {

    /** The only header converter that keeps contract headers byte-exact. */
    public static final String STRING_HEADER_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

    private Map<String, String> props;

    /** The backend's own keys. */
    protected abstract ConfigDef storeConfigDef();

    /**
     * Backend checks that need the store (e.g. connecting); called only when every key is valid. Returns
     * {@code config} with errors attached to the keys to fix.
     */
    protected Config validateStore(Map<String, String> connectorConfig, Config config) {
        return config;
    }

    @Override
    public void start(Map<String, String> connectorProps) {
        new AmpSinkConfig(connectorProps);
        this.props = Map.copyOf(connectorProps);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    /** The amp-connect release: every connector of the project ships with the same version. */
    @Override
    public String version() {
        return AmpConnectVersion.get();
    }

    @Override
    public ConfigDef config() {
        return ConfigDefs.merge(AmpSinkConfig.configDef(), storeConfigDef());
    }

    @Override
    public Config validate(Map<String, String> connectorConfig) {
        Config config = super.validate(connectorConfig);
        String headerConverter = connectorConfig.get(AmpSinkConfig.HEADER_CONVERTER);
        if (headerConverter == null || !STRING_HEADER_CONVERTER.equals(headerConverter.trim())) {
            // no value: the worker's own entry for this CLASS key would expect a Class, not the text
            config = ConfigValidation.withError(config, AmpSinkConfig.HEADER_CONVERTER, null,
                    AmpSinkConfig.HEADER_CONVERTER + " must be " + STRING_HEADER_CONVERTER + " (got "
                            + (headerConverter == null ? "the worker default" : headerConverter) + "): the default header"
                            + " converter turns amp headers such as batch ids and block ranges into numbers and maps");
        }
        if (ConfigValidation.hasErrors(config)) {
            return config;
        }
        try {
            // the checks across keys the task would otherwise fail with at start
            new AmpSinkConfig(connectorConfig);
        } catch (ConfigException e) {
            String key = ConfigValidation.keyOf(e, AmpSinkConfig.configDef().names(), AmpSinkConfig.TABLE_NAME_FORMAT);
            return ConfigValidation.withError(config, key, connectorConfig.get(key), e.getMessage());
        }
        return validateStore(connectorConfig, config);
    }
}
