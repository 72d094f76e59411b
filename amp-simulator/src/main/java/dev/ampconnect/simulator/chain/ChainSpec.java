package dev.ampconnect.simulator.chain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The fixed parameters of a synthetic chain and the pure functions derived from them: a block's hash is
 * {@code sha256(seed, network, fork, number)} and its timestamp {@code genesisTimestamp + number * blockTimeSeconds}.
 * The same spec and the same sequence of chain operations always produce the same chain.
 *
 * @param network          network id reported in every range, e.g. {@code anvil}
 * @param seed             seed of every hash and row value
 * @param genesisTimestamp unix seconds of block 0
 * @param blockTimeSeconds seconds between consecutive block timestamps
 */
public record ChainSpec(String network, long seed, long genesisTimestamp, long blockTimeSeconds) {

    public ChainSpec {
        Objects.requireNonNull(network, "network");
        if (network.isBlank()) {
            throw new IllegalArgumentException("network id must not be blank");
        }
        if (blockTimeSeconds < 0) {
            throw new IllegalArgumentException("block time must not be negative: " + blockTimeSeconds);
        }
    }

    /** The hash of block {@code number} on fork {@code forkId}. */
    BlockHash hash(int forkId, long number) {
        byte[] networkBytes = network.getBytes(StandardCharsets.UTF_8);
        ByteBuffer input = ByteBuffer.allocate(8 + networkBytes.length + 4 + 8);
        input.putLong(seed).put(networkBytes).putInt(forkId).putLong(number);
        try {
            return BlockHash.of(MessageDigest.getInstance("SHA-256").digest(input.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** Unix seconds of block {@code number}. */
    long timestamp(long number) {
        return genesisTimestamp + number * blockTimeSeconds;
    }
}
