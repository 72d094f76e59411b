package dev.ampconnect.sink.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampconnect.common.config.ConfigDocTable;
import dev.ampconnect.common.sink.AmpSinkConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration tables are generated from the ConfigDefs. Run with
 * {@code -Dconfig.doc.update=true} to rewrite them after changing a key.
 */
class ReadmeConfigTableTest {

    private static final Path README = Path.of("README.md");

    @Test
    void theReadmeConfigTablesAreCurrent() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String store = ConfigDocTable.markdown(RedisSinkConfig.configDef());
        String base = ConfigDocTable.markdown(AmpSinkConfig.configDef());
        if (Boolean.getBoolean("config.doc.update")) {
            readme = ConfigDocTable.replaceSection(ConfigDocTable.replaceSection(readme, "redis-config", store), "sink-config", base);
            Files.writeString(README, readme, StandardCharsets.UTF_8);
        }
        assertEquals(store, ConfigDocTable.section(readme, "redis-config"), "README redis.* table is stale: rerun with -Dconfig.doc.update=true");
        assertEquals(base, ConfigDocTable.section(readme, "sink-config"), "README base table is stale: rerun with -Dconfig.doc.update=true");
    }
}
