package dev.ampconnect.simulator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParserTest {

    @Test
    void quotedDatasetReferencesKeepTheirNamespaceAndRevision() {
        ParsedQuery query = QueryParser.parse("select * from \"edgeandnode/ethereum_mainnet@1.0.0\".blocks;");

        assertEquals("edgeandnode/ethereum_mainnet@1.0.0", query.dataset());
        assertEquals("blocks", query.table());
        assertTrue(query.selectsAll());
        assertEquals(BlockFilter.ALL, query.filter());
        assertNull(query.streamSetting());
    }

    @Test
    void columnsAndAQuotedTableAreRead() {
        ParsedQuery query = QueryParser.parse("SELECT block_num, \"from\", \"odd\"\"name\" FROM eth_rpc.\"transactions\"");

        assertEquals(List.of("block_num", "from", "odd\"name"), query.columns());
        assertEquals("transactions", query.table());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "WHERE block_num BETWEEN 10 AND 20 | 10 | 20",
        "WHERE _block_num >= 5 | 5 | 9223372036854775807",
        "WHERE block_num > 5 | 6 | 9223372036854775807",
        "WHERE block_num <= 7 | 0 | 7",
        "WHERE block_num < 7 | 0 | 6",
        "WHERE block_num = 3 | 3 | 3",
        "WHERE 100 > block_num AND block_num >= 90 | 90 | 99",
        "WHERE (block_num >= 1 AND (block_num <= 2)) | 1 | 2",
        "WHERE block_num >= 9 AND block_num <= 3 | 9 | 3",
    })
    void blockFiltersBecomeInclusiveRanges(String where, long min, long max) {
        assertEquals(new BlockFilter(min, max), QueryParser.parse("SELECT * FROM a.logs " + where).filter());
    }

    @Test
    void anEmptyFilterKeepsNothing() {
        assertTrue(QueryParser.parse("SELECT * FROM a.logs WHERE block_num < 0").filter().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SETTINGS stream = true | true",
        "SETTINGS stream = 'true' | true",
        "settings foo = 1, stream = false; | false",
    })
    void settingsStreamIsRead(String settings, boolean stream) {
        assertEquals(stream, QueryParser.parse("SELECT * FROM a.blocks WHERE block_num > 1 " + settings).streamSetting());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT * FROM a.blocks LIMIT 5 | LIMIT",
        "SELECT DISTINCT miner FROM a.blocks | DISTINCT",
        "SELECT * FROM a.blocks ORDER BY block_num | ORDER BY",
        "SELECT miner FROM a.blocks GROUP BY miner | an aggregate (GROUP BY)",
        "SELECT COUNT(*) FROM a.blocks | an aggregate (COUNT(...))",
        "SELECT row_number() OVER () FROM a.blocks | an aggregate (ROW_NUMBER(...))",
        "SELECT * FROM a.blocks b JOIN a.logs l ON b.hash = l.block_hash | a join",
        "SELECT * FROM a.blocks UNION SELECT * FROM a.blocks | a set operation (UNION)",
    })
    void constructsStreamsRejectAreReportedWithTheStreamSetting(String sql, String construct) {
        UnsupportedConstructException error = assertThrows(UnsupportedConstructException.class,
                () -> QueryParser.parse(sql + " SETTINGS stream = true"));

        assertEquals(construct, error.construct());
        assertEquals(Boolean.TRUE, error.streamSetting());
    }

    @Test
    void wordsInsideQuotesAreNotKeywords() {
        ParsedQuery query = QueryParser.parse("SELECT \"limit\", \"order\" FROM \"group/by@1\".blocks");
        assertEquals(List.of("limit", "order"), query.columns());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "UPDATE a.blocks SET x = 1",
        "SELECT * FROM blocks",
        "SELECT * FROM a.b.c",
        "SELECT * FROM a.blocks WHERE miner = 1",
        "SELECT * FROM a.blocks WHERE block_num = 1 OR block_num = 2",
        "SELECT * FROM a.blocks WHERE block_num = 'x'",
        "SELECT * FROM a.blocks WHERE block_num = 99999999999999999999",
        "SELECT block_num + 1 FROM a.blocks",
        "SELECT * FROM a.blocks SETTINGS stream = maybe",
        "SELECT * FROM \"a.blocks",
        "SELECT * FROM a.blocks trailing",
    })
    void queriesOutsideTheSubsetAreInvalid(String sql) {
        assertThrows(InvalidQueryException.class, () -> QueryParser.parse(sql));
    }
}
