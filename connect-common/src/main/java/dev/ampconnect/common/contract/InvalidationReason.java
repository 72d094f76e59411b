package dev.ampconnect.common.contract;

/** Why blocks are invalidated. */
public enum InvalidationReason {
    /** The chain reorganised: the blocks are on an abandoned fork. */
    REORG("reorg"),
    /** A source session (re)started: everything past its cursor will be replayed. Open-ended. */
    REWIND("rewind");

    private final String wire;

    InvalidationReason(String wire) {
        this.wire = wire;
    }

    /** The value written in the {@code reason} field. */
    public String wire() {
        return wire;
    }

    /** Parses the {@code reason} field. */
    public static InvalidationReason fromWire(String value) {
        for (InvalidationReason reason : values()) {
            if (reason.wire.equals(value)) {
                return reason;
            }
        }
        throw new ContractException("unknown invalidation reason '" + value + "' (expected reorg or rewind)");
    }
}
