package dev.ampconnect.source.flightsql.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class AmpSourceConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("amp.server.uri", "grpc://localhost:1602");
        props.put("streams", "blocks");
        props.put("stream.blocks.query", "SELECT * FROM eth.blocks");
        return props;
    }

    @Test
    void minimalConfigUsesDocumentedDefaults() {
        AmpSourceConfig config = new AmpSourceConfig(minimal());
        assertEquals(new ServerUri("localhost", 1602, false), config.serverUri());
        assertEquals(SourceMode.STREAM, config.mode());
        assertEquals(RecordFormat.ROWS, config.recordFormat());
        assertEquals(256L, config.reorgMaxDepthBlocks());
        assertEquals(0, config.confirmations());
        assertEquals(null, config.token());
        StreamConfig blocks = config.streams().get("blocks");
        assertEquals("blocks", blocks.topic(), "the topic defaults to the stream's name");
        assertEquals(0, blocks.partition());
        assertEquals(List.of(), blocks.keyColumns());
        assertTrue(blocks.startCursor().isEmpty(), "start.block 0 means earliest: no resume cursor");
    }

    @Test
    void tlsSchemeSelectsTls() {
        assertEquals(new ServerUri("gw.example", 443, true), ServerUri.parse("k", "grpc+tls://gw.example:443"));
    }

    @Test
    void serverUriWithoutGrpcSchemeOrPortIsRejectedNamingTheKey() {
        Map<String, String> props = minimal();
        props.put("amp.server.uri", "http://localhost:1602");
        ConfigException wrongScheme = assertThrows(ConfigException.class, () -> new AmpSourceConfig(props));
        assertTrue(wrongScheme.getMessage().contains("amp.server.uri"), wrongScheme.getMessage());
        props.put("amp.server.uri", "grpc://localhost");
        ConfigException noPort = assertThrows(ConfigException.class, () -> new AmpSourceConfig(props));
        assertTrue(noPort.getMessage().contains("host and port"), noPort.getMessage());
    }

    @Test
    void duplicateOrInvalidStreamNamesAreRejected() {
        Map<String, String> props = minimal();
        props.put("streams", "blocks,blocks");
        assertThrows(ConfigException.class, () -> new AmpSourceConfig(props));
        props.put("streams", "bad name");
        assertThrows(ConfigException.class, () -> new AmpSourceConfig(props));
    }

    @Test
    void streamKeysAreReadFromTheirPrefix() {
        Map<String, String> props = minimal();
        props.put("stream.blocks.topic", "eth-blocks");
        props.put("stream.blocks.partition", "2");
        props.put("stream.blocks.key.columns", "block_num,hash");
        StreamConfig blocks = new AmpSourceConfig(props).streams().get("blocks");
        assertEquals("eth-blocks", blocks.topic());
        assertEquals(2, blocks.partition());
        assertEquals(List.of("block_num", "hash"), blocks.keyColumns());
    }

    @Test
    void startBlockMapsToAResumeCursorAfterTheParentBlock() {
        Map<String, String> props = minimal();
        String hash = "0x" + "ab".repeat(32);
        props.put("stream.blocks.start.block", "1000");
        props.put("stream.blocks.network", "ethereum-mainnet");
        props.put("stream.blocks.start.block.parent.hash", hash);
        StreamConfig blocks = new AmpSourceConfig(props).streams().get("blocks");
        assertEquals(new StreamConfig.StartCursor("ethereum-mainnet", 999, hash), blocks.startCursor().orElseThrow());
    }

    @Test
    void startBlockWithoutNetworkOrHashIsRejectedOnTheStartKey() {
        Map<String, String> props = minimal();
        props.put("stream.blocks.start.block", "1000");
        ConfigException error = assertThrows(ConfigException.class, () -> new AmpSourceConfig(props).streams());
        assertTrue(error.getMessage().contains("stream.blocks.start.block"), error.getMessage());

        List<ConfigValue> values = StreamConfig.validate("blocks", props);
        ConfigValue start = values.stream().filter(v -> v.name().equals("stream.blocks.start.block")).findFirst().orElseThrow();
        assertFalse(start.errorMessages().isEmpty());
        assertTrue(start.errorMessages().get(0).contains("network"), start.errorMessages().toString());
    }

    @Test
    void missingQueryIsReportedUnderTheFullKey() {
        Map<String, String> props = minimal();
        props.remove("stream.blocks.query");
        ConfigValue query = StreamConfig.validate("blocks", props).stream()
                .filter(v -> v.name().equals("stream.blocks.query")).findFirst().orElseThrow();
        assertFalse(query.errorMessages().isEmpty());
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(500, 3000, 3);
        assertEquals(500, backoff.delayMs(1));
        assertEquals(1000, backoff.delayMs(2));
        assertEquals(2000, backoff.delayMs(3));
        assertEquals(3000, backoff.delayMs(4));
        assertTrue(backoff.allowsAttempt(2));
        assertFalse(backoff.allowsAttempt(3));
        assertTrue(new ReconnectBackoff(1, 1, -1).allowsAttempt(1_000_000));
    }
}
