package dev.ampconnect.common.contract;

/** The {@code amp.kind} of a record. */
public enum RecordKind {
    /** Rows of a microbatch. */
    DATA("data"),
    /** Blocks to delete (reorg or rewind). */
    INVALIDATION("invalidation"),
    /** A microbatch is complete. */
    WATERMARK("watermark");

    private final String wire;

    RecordKind(String wire) {
        this.wire = wire;
    }

    /** The header value. */
    public String wire() {
        return wire;
    }

    /** Whether records of this kind are control records ({@code amp.control=true}). */
    public boolean isControl() {
        return this != DATA;
    }

    /** Parses a header value. */
    public static RecordKind fromWire(String value) {
        for (RecordKind kind : values()) {
            if (kind.wire.equals(value)) {
                return kind;
            }
        }
        throw new ContractException("unknown " + AmpHeaders.KIND + " '" + value
                + "' (expected data, invalidation or watermark)");
    }
}
