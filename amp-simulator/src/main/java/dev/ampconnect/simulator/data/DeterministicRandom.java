package dev.ampconnect.simulator.data;

import java.math.BigInteger;

/**
 * SplitMix64: a tiny, fully specified generator, so the synthetic chain's contents are the same on every
 * JVM and release (java.util's generators make no such promise for SplittableRandom's derived streams).
 */
final class DeterministicRandom {

    private long state;

    DeterministicRandom(long seed) {
        this.state = seed;
    }

    /** A generator for one purpose (e.g. "tx" #3) of one block, independent of every other purpose. */
    static DeterministicRandom forBlock(long blockSeed, String purpose, long index) {
        return new DeterministicRandom(mix(blockSeed ^ mix(purpose.hashCode() * 0x9E3779B97F4A7C15L + index)));
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in {@code 0..bound-1}. */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** Uniform in {@code min..max}, inclusive. */
    long nextLong(long min, long max) {
        return min + Long.remainderUnsigned(nextLong(), max - min + 1);
    }

    byte[] nextBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i += 8) {
            long value = nextLong();
            for (int j = i; j < Math.min(length, i + 8); j++) {
                bytes[j] = (byte) value;
                value >>>= 8;
            }
        }
        return bytes;
    }

    /** A non-negative integer of exactly {@code bits} bits (the top bit set). */
    BigInteger nextBigInteger(int bits) {
        return new BigInteger(1, nextBytes((bits + 7) / 8)).mod(BigInteger.ONE.shiftLeft(bits - 1))
                .setBit(bits - 1);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
