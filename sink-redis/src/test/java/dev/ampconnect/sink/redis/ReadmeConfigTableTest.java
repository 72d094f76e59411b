package dev.ampconnect.sink.redis;

import dev.ampconnect.common.config.ReadmeConfigTablesSuite;
import dev.ampconnect.common.sink.AmpSinkConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The README's {@code redis.*} and base configuration tables are generated from the ConfigDefs. */
class ReadmeConfigTableTest extends ReadmeConfigTablesSuite {

    @Override
    protected Map<String, ConfigDef> sections() {
        return Map.of("redis-config", RedisSinkConfig.configDef(), "sink-config", AmpSinkConfig.configDef());
    }
}
