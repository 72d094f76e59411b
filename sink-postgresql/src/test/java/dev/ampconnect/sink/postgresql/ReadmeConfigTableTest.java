package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.config.ReadmeConfigTablesSuite;
import dev.ampconnect.common.sink.AmpSinkConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The README's {@code pg.*} and base configuration tables are generated from the ConfigDefs. */
class ReadmeConfigTableTest extends ReadmeConfigTablesSuite {

    @Override
    protected Map<String, ConfigDef> sections() {
        return Map.of("pg-config", PostgresSinkConfig.configDef(), "sink-config", AmpSinkConfig.configDef());
    }
}
