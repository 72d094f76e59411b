package dev.ampconnect.simulator.chain;

import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte block hash, printed as the server does: {@code 0x} plus 64 lowercase hex digits. */
public final class BlockHash {

    /** The parent hash the server reports for the genesis block. */
    public static final BlockHash ZERO = new BlockHash(new byte[32]);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private BlockHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of {@code bytes}, which must be exactly 32 bytes long. */
    public static BlockHash of(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a block hash has 32 bytes, got " + bytes.length);
        }
        return new BlockHash(bytes.clone());
    }

    /**
     * Parses {@code 0x} + 64 hex digits (the prefix is optional, as in the server's JSON).
     *
     * @throws IllegalArgumentException when the text is not a 32-byte hex string
     */
    public static BlockHash parse(String text) {
        String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (hex.length() != 64) {
            throw new IllegalArgumentException("a block hash has 64 hex digits, got '" + text + "'");
        }
        return new BlockHash(HEX.parseHex(hex));
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The first 8 bytes as a long, a cheap seed for deriving the block's contents. */
    long seed() {
        long seed = 0;
        for (int i = 0; i < 8; i++) {
            seed = (seed << 8) | (bytes[i] & 0xff);
        }
        return seed;
    }

    /** {@code 0x} + 64 lowercase hex digits. */
    public String hex() {
        return "0x" + HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockHash that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
