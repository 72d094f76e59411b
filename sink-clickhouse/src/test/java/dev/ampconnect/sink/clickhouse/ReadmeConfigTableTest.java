package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.config.ReadmeConfigTablesSuite;
import dev.ampconnect.common.sink.AmpSinkConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The README's {@code ch.*} and base configuration tables are generated from the ConfigDefs. */
class ReadmeConfigTableTest extends ReadmeConfigTablesSuite {

    @Override
    protected Map<String, ConfigDef> sections() {
        return Map.of("ch-config", ClickHouseSinkConfig.configDef(), "sink-config", AmpSinkConfig.configDef());
    }
}
