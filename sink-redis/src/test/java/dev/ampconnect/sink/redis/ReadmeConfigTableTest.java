package dev.ampconnect.sink.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampconnect.common.config.ConfigDocTable;
import dev.ampconnect.common.sink.AmpSinkConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration tables are generated from the ConfigDefs. Run with
 * {@code -Dconfig.doc.update=true} to rewrite them after changing a key.
 */
class ReadmeConfigTableTest {

    @Test
    void theReadmeConfigTablesAreCurrent() throws IOException {
        Map<String, ConfigDef> sections = new LinkedHashMap<>();
        sections.put("redis-config", RedisSinkConfig.configDef());
        sections.put("sink-config", AmpSinkConfig.configDef());
        assertEquals(List.of(), ConfigDocTable.staleSections(Path.of("README.md"), sections),
                "stale README config tables: rerun with -Dconfig.doc.update=true");
    }
}
