package dev.ampconnect.source.flightsql;

import dev.ampconnect.common.config.ReadmeConfigTablesSuite;
import dev.ampconnect.source.flightsql.config.AmpSourceConfig;
import dev.ampconnect.source.flightsql.config.StreamConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The README's source and per-stream configuration tables are generated from the ConfigDefs. */
class ReadmeConfigTableTest extends ReadmeConfigTablesSuite {

    @Override
    protected Map<String, ConfigDef> sections() {
        return Map.of("source-config", AmpSourceConfig.CONFIG_DEF, "stream-config", StreamConfig.CONFIG_DEF);
    }
}
