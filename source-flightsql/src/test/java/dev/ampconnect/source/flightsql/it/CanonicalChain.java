package dev.ampconnect.source.flightsql.it;

import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.simulator.data.TableRow;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.connect.data.Struct;

/** Row identities for comparing what a topic holds with the simulator's canonical chain. */
final class CanonicalChain {

    private CanonicalChain() {
    }

    /** {@code "<block_num>:<hash hex>"} of every canonical row of the {@code blocks} table. */
    static List<String> blocks(AmpSimulator amp) {
        return amp.canonicalRows("blocks").stream().map(CanonicalChain::blockKey).toList();
    }

    static String blockKey(TableRow row) {
        return row.blockNum() + ":" + HexFormat.of().formatHex((byte[]) row.get("hash"));
    }

    /** The same identity of a {@code blocks} row read back from Kafka as a Struct. */
    static String blockKey(Object value) {
        Struct struct = (Struct) value;
        return ((BigDecimal) struct.get("block_num")).longValueExact() + ":"
                + HexFormat.of().formatHex((byte[]) struct.get("hash"));
    }

    static List<String> blockKeys(List<Object> values) {
        return values.stream().map(CanonicalChain::blockKey).toList();
    }
}
