package dev.ampconnect.sink.clickhouse;

import java.util.Comparator;
import java.util.Objects;

/**
 * The version of a row of the sink's log ({@link ChStateLog}): the generation that wrote it (the partition
 * owner's {@code epoch}, then its random {@code nonce}, which ranks two claims of one epoch) and the owner's
 * running {@code seq}. Newer generations win over older ones whatever the order their rows landed in, so a
 * zombie's late rows never shadow the new owner's.
 *
 * @param epoch the writer's epoch
 * @param nonce the writer's claim nonce (lower-case hex)
 * @param seq   the writer's sequence number of the row group (0: the claim itself)
 */
record ChVersion(long epoch, String nonce, long seq) implements Comparable<ChVersion> {

    /** Below every version a writer produces. */
    static final ChVersion ZERO = new ChVersion(0, "", 0);

    private static final Comparator<ChVersion> ORDER = Comparator.comparingLong(ChVersion::epoch)
            .thenComparing(ChVersion::nonce).thenComparingLong(ChVersion::seq);

    ChVersion {
        Objects.requireNonNull(nonce, "nonce");
    }

    @Override
    public int compareTo(ChVersion other) {
        return ORDER.compare(this, other);
    }

    /** Whether this generation (epoch and nonce) is the same as {@code other}'s. */
    boolean sameGeneration(ChVersion other) {
        return epoch == other.epoch && nonce.equals(other.nonce);
    }

    @Override
    public String toString() {
        return epoch + "/" + nonce + "/" + seq;
    }
}
