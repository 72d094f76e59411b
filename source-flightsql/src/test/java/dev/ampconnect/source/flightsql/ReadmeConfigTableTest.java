package dev.ampconnect.source.flightsql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampconnect.common.config.ConfigDocTable;
import dev.ampconnect.source.flightsql.config.AmpSourceConfig;
import dev.ampconnect.source.flightsql.config.StreamConfig;
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
        String source = ConfigDocTable.markdown(AmpSourceConfig.CONFIG_DEF);
        String stream = ConfigDocTable.markdown(StreamConfig.CONFIG_DEF);
        if (Boolean.getBoolean("config.doc.update")) {
            readme = ConfigDocTable.replaceSection(ConfigDocTable.replaceSection(readme, "source-config", source),
                    "stream-config", stream);
            Files.writeString(README, readme, StandardCharsets.UTF_8);
        }
        assertEquals(source, ConfigDocTable.section(readme, "source-config"),
                "README connector table is stale: rerun with -Dconfig.doc.update=true");
        assertEquals(stream, ConfigDocTable.section(readme, "stream-config"),
                "README stream table is stale: rerun with -Dconfig.doc.update=true");
    }
}
