package dev.ampconnect.common.range;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Batch ids, compatible with the reference Python loaders (docs/AMP_PROTOCOL.md "The batch id").
 *
 * <p>One range: the first 16 lowercase hex chars of {@code sha256("{network}:{start}:{end}:{hash}:{prev_hash}")},
 * a missing {@code prev_hash} being the empty string and a missing {@code hash} being
 * {@code sha256_hex("{network}:{start}:{end}")}. Several ranges: the single ids joined with {@code |}.
 */
public final class BatchId {

    /** Length of a single-range id. */
    public static final int LENGTH = 16;

    private BatchId() {
    }

    /** The id of one range. */
    public static String of(BlockRange range) {
        String prefix = range.network() + ":" + range.start() + ":" + range.end();
        String hash = range.hash() != null ? range.hash() : sha256Hex(prefix);
        String prevHash = range.prevHash() != null ? range.prevHash() : "";
        return sha256Hex(prefix + ":" + hash + ":" + prevHash).substring(0, LENGTH);
    }

    /** The id of a microbatch covering several ranges (one per network), in the server's order. */
    public static String of(List<BlockRange> ranges) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a batch id needs at least one block range");
        }
        return ranges.stream().map(BatchId::of).collect(Collectors.joining("|"));
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
