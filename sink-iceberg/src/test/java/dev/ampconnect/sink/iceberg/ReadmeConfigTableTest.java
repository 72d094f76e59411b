package dev.ampconnect.sink.iceberg;

import dev.ampconnect.common.config.ReadmeConfigTablesSuite;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The README's {@code iceberg.*} and base configuration tables are generated from the ConfigDefs. */
class ReadmeConfigTableTest extends ReadmeConfigTablesSuite {

    @Override
    protected Map<String, ConfigDef> sections() {
        return Map.of("iceberg-config", IcebergSinkConfig.configDef(), "sink-config", IcebergSinkDefaults.baseConfigDef());
    }
}
