package dev.ampconnect.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The check every connector module runs on its README (shipped in the test-jar): the configuration tables
 * between the {@code <!-- generated:NAME -->} markers are the ones {@link ConfigDocTable} generates from
 * the ConfigDefs. A module extends it and names its sections; run with {@code -Dconfig.doc.update=true}
 * to rewrite the tables after changing a key.
 */
public abstract class ReadmeConfigTablesSuite {

    /** Section name -> the ConfigDef whose table the module's README holds there. */
    protected abstract Map<String, ConfigDef> sections();

    @Test
    void theReadmeConfigTablesAreCurrent() throws IOException {
        assertEquals(List.of(), ConfigDocTable.staleSections(Path.of("README.md"), sections()),
                "stale README config tables: rerun with -Dconfig.doc.update=true");
    }
}
