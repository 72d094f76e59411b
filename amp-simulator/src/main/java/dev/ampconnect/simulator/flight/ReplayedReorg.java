package dev.ampconnect.simulator.flight;

import dev.ampconnect.simulator.chain.BlockHash;
import dev.ampconnect.simulator.chain.ChainState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A scripted server fault: the same reorg on every stream. When a stream's planned microbatch {@code S..E}
 * holds block {@code B} ({@code S <= B < E}), the server first sends {@code S..E} as a complete microbatch of
 * a phantom fork (its end hash never becomes canonical, and is the same on every stream), then the
 * canonical {@code B+1..E}: a backwards jump into the middle of the microbatch it just completed. A client
 * can only recover from that by reconnecting from the watermark before {@code S}, and then the server does
 * exactly the same again: same ranges, same hashes, on every reconnect. Once per stream.
 */
final class ReplayedReorg {

    /** No replayed reorg. */
    static final long NONE = -1;

    private final long block;

    /** @param block {@code B}, or {@link #NONE} */
    ReplayedReorg(long block) {
        this.block = block;
    }

    /** Whether the fault hits the planned microbatch {@code range}. */
    boolean appliesTo(MicrobatchRange range) {
        return block != NONE && range.start() <= block && block < range.end();
    }

    /** {@code range} as the phantom fork sends it: the same blocks and rows, another end hash. */
    MicrobatchRange phantom(MicrobatchRange range) {
        return new MicrobatchRange(range.network(), range.start(), range.end(), phantomHash(range.hash()),
                range.prevHash(), range.timestamp());
    }

    /** The canonical microbatch {@code B+1..E} the server jumps back to. */
    MicrobatchRange resent(MicrobatchRange range, ChainState state) {
        return new MicrobatchRange(range.network(), block + 1, range.end(), range.hash(), state.hash(block),
                range.timestamp());
    }

    private static BlockHash phantomHash(BlockHash canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("amp-simulator phantom fork".getBytes(StandardCharsets.UTF_8));
            return BlockHash.of(sha256.digest(canonical.bytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
