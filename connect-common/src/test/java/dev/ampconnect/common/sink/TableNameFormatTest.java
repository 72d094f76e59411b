package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TableNameFormatTest {

    @Test
    void topicAndStreamPlaceholdersAreReplaced() {
        TableNameFormat format = TableNameFormat.parse("amp_${stream}_from_${topic}");
        assertEquals("amp_blocks_from_eth.blocks", format.tableFor("eth.blocks", "blocks"));
    }

    @Test
    void plainRecordsUseTheTopicForTheStreamPlaceholder() {
        assertEquals("orders", TableNameFormat.parse("${stream}").tableFor("orders", null));
    }

    @Test
    void unknownPlaceholdersAreRejected() {
        assertThrows(ConfigException.class, () -> TableNameFormat.parse("${partition}_t"));
    }
}
