package dev.ampconnect.common.contract;

/**
 * Header names of the record contract v1 (docs/ARCHITECTURE.md "The record contract v1"). The only place
 * these names are spelled: source and sinks import them from here.
 */
public final class AmpHeaders {

    /** Contract version, {@code 1}; on every record. */
    public static final String VERSION = "amp.v";
    /** {@code data}, {@code invalidation} or {@code watermark}; on every record. */
    public static final String KIND = "amp.kind";
    /** {@code true} on control records only, for {@code Filter} + {@code HasHeaderKey}. */
    public static final String CONTROL = "amp.control";
    /** The stream's configured name; on every record. */
    public static final String STREAM = "amp.stream";
    /** Random id of the source task's current session (new at every start/reconnect); on every record. */
    public static final String SESSION = "amp.session";
    /** The microbatch's batch id; on data and watermark records. */
    public static final String BATCH_ID = "amp.batch.id";
    /** JSON array of the microbatch's ranges; on data and watermark records. */
    public static final String RANGES = "amp.ranges";
    /** 0-based index of the (first) row within its microbatch; on data records. */
    public static final String ROW = "amp.row";

    /** The contract version this code writes and reads. */
    public static final int CONTRACT_VERSION = 1;

    /** Name of the value column every data row carries. */
    public static final String BATCH_ID_COLUMN = "_amp_batch_id";

    private AmpHeaders() {
    }
}
