package dev.ampconnect.source.flightsql.config;

import dev.ampconnect.common.arrow.ArrowConversionOptions;
import dev.ampconnect.common.arrow.ArrowIpcEncoder;
import dev.ampconnect.common.arrow.TimestampMode;
import dev.ampconnect.common.arrow.Uint64Mode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The user-facing configuration of the amp Flight SQL source: server, streams, delivery, polling,
 * reconnects and transactions. Per-stream keys ({@code stream.<name>.*}) are declared by
 * {@link StreamConfig}. Every key is declared once here, with type, default, validator, importance and doc.
 */
public class AmpSourceConfig extends AbstractConfig {

    private static final String GROUP_SERVER = "Server";
    private static final String GROUP_STREAMS = "Streams";
    private static final String GROUP_DELIVERY = "Delivery";
    private static final String GROUP_POLLING = "Polling";
    private static final String GROUP_RECONNECT = "Reconnect";
    private static final String GROUP_TRANSACTIONS = "Transactions";

    public static final String SERVER_URI = "amp.server.uri";
    public static final String SERVER_TOKEN = "amp.server.token";
    public static final String TLS_CA_FILE = "amp.server.tls.ca.file";
    public static final String TLS_TRUSTSTORE_PATH = "amp.server.tls.truststore.path";
    public static final String TLS_TRUSTSTORE_PASSWORD = "amp.server.tls.truststore.password";
    public static final String TLS_TRUSTSTORE_TYPE = "amp.server.tls.truststore.type";
    public static final String REQUEST_TIMEOUT_MS = "amp.server.request.timeout.ms";

    public static final String STREAMS = "streams";

    public static final String MODE = "mode";
    public static final String RECORD_FORMAT = "record.format";
    public static final String ARROW_MAX_RECORD_BYTES = "arrow.max.record.bytes";
    public static final String UINT64_MODE = "uint64.mode";
    public static final String TIMESTAMP_MODE = "timestamp.mode";
    public static final String REORG_MAX_DEPTH_BLOCKS = "reorg.max.depth.blocks";
    public static final String CONFIRMATIONS = "confirmations";

    public static final String POLL_MAX_RECORDS = "poll.max.records";
    public static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
    public static final String QUEUE_MAX_RECORDS = "queue.max.records";
    public static final String QUEUE_MAX_BYTES = "queue.max.bytes";

    public static final String RECONNECT_BACKOFF_INITIAL_MS = "reconnect.backoff.initial.ms";
    public static final String RECONNECT_BACKOFF_MAX_MS = "reconnect.backoff.max.ms";
    public static final String RECONNECT_MAX_ATTEMPTS = "reconnect.max.attempts";
    public static final String RECONNECT_REPEATED_REORG_MAX = "reconnect.repeated.reorg.max";

    public static final String TRANSACTION_MAX_RECORDS = "transaction.max.records";
    public static final String TRANSACTION_MAX_MS = "transaction.max.ms";

    /** Stream names double as default topic names, so they follow Kafka's topic-name rules. */
    static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /** The definition of every connector-level key. */
    public static final ConfigDef CONFIG_DEF = define();

    private final ServerUri serverUri;
    private final List<String> streamNames;

    public AmpSourceConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, originals);
        this.serverUri = ServerUri.parse(SERVER_URI, getString(SERVER_URI));
        this.streamNames = List.copyOf(getList(STREAMS));
    }

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(SERVER_URI, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ServerUriValidator(), Importance.HIGH,
                "The amp server's Flight SQL endpoint: grpc://host:port (plaintext, amp's default is "
                        + "grpc://localhost:1602) or grpc+tls://host:port (TLS, e.g. a hosted gateway on port 443).",
                GROUP_SERVER, ++order, Width.LONG, "amp server URI");
        def.define(SERVER_TOKEN, Type.PASSWORD, null, Importance.HIGH,
                "Bearer token for hosted gateways, sent as 'authorization: Bearer <token>' on GetFlightInfo and DoGet. "
                        + "Leave unset for a server without authentication.",
                GROUP_SERVER, ++order, Width.LONG, "Bearer token");
        def.define(TLS_CA_FILE, Type.STRING, "", Importance.MEDIUM,
                "Path of a PEM file with the CA certificate(s) to trust for grpc+tls:// (e.g. a private CA or a "
                        + "self-signed server certificate). Empty: the JVM's default trust.",
                GROUP_SERVER, ++order, Width.LONG, "TLS CA file");
        def.define(TLS_TRUSTSTORE_PATH, Type.STRING, "", Importance.MEDIUM,
                "Path of a trust store (see " + TLS_TRUSTSTORE_TYPE + ") whose certificates are trusted for grpc+tls://; "
                        + "an alternative to " + TLS_CA_FILE + " (both may be set). Empty: none.",
                GROUP_SERVER, ++order, Width.LONG, "TLS trust store");
        def.define(TLS_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                "Password of the trust store in " + TLS_TRUSTSTORE_PATH + ", if it has one.",
                GROUP_SERVER, ++order, Width.MEDIUM, "TLS trust store password");
        def.define(TLS_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"),
                Importance.LOW, "Format of the trust store in " + TLS_TRUSTSTORE_PATH + ": PKCS12 or JKS.",
                GROUP_SERVER, ++order, Width.SHORT, "TLS trust store type");
        def.define(REQUEST_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(100), Importance.LOW,
                "Deadline of one GetFlightInfo call (query planning) and of the connectivity check in validate(). "
                        + "The data stream itself (DoGet) has no deadline: it runs for as long as the stream does.",
                GROUP_SERVER, ++order, Width.SHORT, "Request timeout (ms)");

        order = 0;
        def.define(STREAMS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new StreamNamesValidator(), Importance.HIGH,
                "Names of the streams to run, comma-separated. Each stream is one SQL query over one network, "
                        + "configured with the stream.<name>.* keys, and is written to ONE partition of its topic. "
                        + "Names use letters, digits, '.', '_' and '-'. Streams are spread over tasks.max tasks.",
                GROUP_STREAMS, ++order, Width.LONG, "Streams");

        order = 0;
        def.define(MODE, Type.STRING, SourceMode.STREAM.configValue(),
                ConfigDef.CaseInsensitiveValidString.in("stream", "batch"), Importance.HIGH,
                "stream: run each query live with 'amp-stream: true', following the chain head and its reorgs. "
                        + "batch: run each query once with 'amp-stream: false' (e.g. a backfill of a fixed block range), "
                        + "then idle, keeping the final offset; a restarted task with a finished offset does not re-run it.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Mode");
        def.define(RECORD_FORMAT, Type.STRING, RecordFormat.ROWS.configValue(),
                ConfigDef.CaseInsensitiveValidString.in("rows", "arrow"), Importance.HIGH,
                "rows: one record per row, a Struct of the query's columns plus _amp_batch_id (any converter, SMTs, "
                        + "third-party sinks). arrow: one record per Arrow record batch as Arrow IPC stream bytes "
                        + "(use value.converter=org.apache.kafka.connect.converters.ByteArrayConverter); control "
                        + "records are then the JSON bytes of the same Structs.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Record format");
        def.define(ARROW_MAX_RECORD_BYTES, Type.INT, ArrowIpcEncoder.DEFAULT_MAX_RECORD_BYTES,
                Range.between(ArrowIpcEncoder.MIN_MAX_RECORD_BYTES, 64 * 1024 * 1024),
                Importance.MEDIUM,
                "record.format=arrow: the largest Arrow IPC payload of one record; larger record batches are re-sliced "
                        + "by rows below it. Keep it under the producer's max.request.size and the topic's "
                        + "max.message.bytes (1 MiB by default).",
                GROUP_DELIVERY, ++order, Width.SHORT, "Arrow record size limit (bytes)");
        def.define(UINT64_MODE, Type.STRING, Uint64Mode.DECIMAL.configValue(),
                ConfigDef.CaseInsensitiveValidString.in(Uint64Mode.configValues().toArray(String[]::new)),
                Importance.MEDIUM,
                "record.format=rows: how Arrow UInt64 columns become Connect values (connect-common TYPES.md). decimal: "
                        + "Decimal(20,0), lossless. int64: INT64, and a value above 2^63-1 fails the task naming the column.",
                GROUP_DELIVERY, ++order, Width.SHORT, "UInt64 mapping");
        def.define(TIMESTAMP_MODE, Type.STRING, TimestampMode.CONNECT.configValue(),
                ConfigDef.CaseInsensitiveValidString.in(TimestampMode.configValues().toArray(String[]::new)),
                Importance.MEDIUM,
                "record.format=rows: how Arrow timestamps become Connect values (TYPES.md). connect: Connect Timestamp "
                        + "(milliseconds; sub-millisecond digits fail loudly). nanos: INT64 nanoseconds since the epoch, exact.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Timestamp mapping");
        def.define(REORG_MAX_DEPTH_BLOCKS, Type.LONG, 256L, Range.between(1, 1_000_000), Importance.MEDIUM,
                "How many blocks of completed microbatches are remembered (in the offsets too) to recover from a reorg. "
                        + "Sized in blocks, not microbatches: at the chain head a microbatch is 1-2 blocks. A reorg "
                        + "deeper than this fails the task with instructions to rewind through the offsets REST API.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Reorg depth (blocks)");
        def.define(CONFIRMATIONS, Type.INT, 0, Range.between(0, 100_000), Importance.MEDIUM,
                "Emit a microbatch only once a later watermark shows at least this many newer blocks. 0 (default) emits "
                        + "at once and reports reorgs as invalidations; N > 0 is for consumers that cannot handle reorgs "
                        + "(shallower reorgs then never reach Kafka). Held microbatches are kept in memory. Stream mode only.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Confirmations");

        order = 0;
        def.define(POLL_MAX_RECORDS, Type.INT, 2_000, Range.between(1, 1_000_000), Importance.LOW,
                "The most records one poll() returns to the worker.",
                GROUP_POLLING, ++order, Width.SHORT, "Records per poll");
        def.define(POLL_TIMEOUT_MS, Type.LONG, 500L, Range.between(1, 60_000), Importance.LOW,
                "How long poll() waits for the first record before returning nothing.",
                GROUP_POLLING, ++order, Width.SHORT, "Poll wait (ms)");
        def.define(QUEUE_MAX_RECORDS, Type.INT, 20_000, Range.between(1, 10_000_000), Importance.LOW,
                "Records converted ahead of poll(), per task (all its streams): the stream readers block when it is full.",
                GROUP_POLLING, ++order, Width.SHORT, "Read-ahead records");
        def.define(QUEUE_MAX_BYTES, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1024 * 1024), Importance.LOW,
                "Estimated bytes converted ahead of poll(), per task: bounds memory together with " + QUEUE_MAX_RECORDS + ".",
                GROUP_POLLING, ++order, Width.SHORT, "Read-ahead bytes");

        order = 0;
        def.define(RECONNECT_BACKOFF_INITIAL_MS, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
                "First wait before reconnecting after a transient gRPC error (UNAVAILABLE, INTERNAL, a reset stream); "
                        + "doubles per failed attempt. A reorg that needs a reconnect reconnects at once, but the second "
                        + "reorg reconnect in a row without progress waits this long, the third twice as long, and so on.",
                GROUP_RECONNECT, ++order, Width.SHORT, "Initial backoff (ms)");
        def.define(RECONNECT_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                "Longest wait between reconnect attempts.",
                GROUP_RECONNECT, ++order, Width.SHORT, "Max backoff (ms)");
        def.define(RECONNECT_MAX_ATTEMPTS, Type.INT, 10, Range.atLeast(-1), Importance.LOW,
                "Consecutive failed connection attempts after which the task fails (-1: retry forever). The count "
                        + "resets once a stream delivers data again. Reconnects after a reorg count too, unless the "
                        + "stream moved forward before the reorg. Authentication and query errors are never retried.",
                GROUP_RECONNECT, ++order, Width.SHORT, "Max reconnect attempts");
        def.define(RECONNECT_REPEATED_REORG_MAX, Type.INT, 5, Range.between(1, 1_000), Importance.LOW,
                "How many reconnects in a row one reorg may cause. When the server sends the same reorg again after "
                        + "that many reconnects (the same incoming ranges with the same hashes, invalidating the same "
                        + "blocks), the task fails naming the blocks, instead of re-sending the same records into the "
                        + "topic at every reconnect.",
                GROUP_RECONNECT, ++order, Width.SHORT, "Max reconnects for one reorg");

        order = 0;
        def.define(TRANSACTION_MAX_RECORDS, Type.INT, 10_000, Range.between(1, 10_000_000), Importance.LOW,
                "With exactly.once.support and transaction.boundary=connector: a data transaction ends at every "
                        + "watermark, or after this many records, whichever comes first.",
                GROUP_TRANSACTIONS, ++order, Width.SHORT, "Records per transaction");
        def.define(TRANSACTION_MAX_MS, Type.LONG, 5_000L, Range.between(100, 3_600_000), Importance.LOW,
                "With transaction.boundary=connector: a data transaction also ends once it has been open this long, so a "
                        + "microbatch that trickles in for minutes never outlives the producer's transaction.timeout.ms. "
                        + "Keep it well under that (validate() requires less than half of "
                        + "producer.override.transaction.timeout.ms when that is set).",
                GROUP_TRANSACTIONS, ++order, Width.SHORT, "Transaction time bound (ms)");
        return def;
    }

    /** The parsed server address. */
    public ServerUri serverUri() {
        return serverUri;
    }

    /** The bearer token, or {@code null}. */
    public String token() {
        Password password = getPassword(SERVER_TOKEN);
        return password == null || password.value().isEmpty() ? null : password.value();
    }

    /** The configured stream names, in order. */
    public List<String> streamNames() {
        return streamNames;
    }

    /** The configuration of every stream, keyed by name, in configured order. */
    public Map<String, StreamConfig> streams() {
        Map<String, StreamConfig> streams = new LinkedHashMap<>();
        for (String name : streamNames) {
            streams.put(name, new StreamConfig(name, originalsStrings()));
        }
        return streams;
    }

    /** The TLS trust settings. */
    public TlsTrust tlsTrust() {
        Password password = getPassword(TLS_TRUSTSTORE_PASSWORD);
        return new TlsTrust(getString(TLS_CA_FILE), getString(TLS_TRUSTSTORE_PATH),
                password == null ? null : password.value(), getString(TLS_TRUSTSTORE_TYPE).toUpperCase(java.util.Locale.ROOT));
    }

    public SourceMode mode() {
        return SourceMode.fromConfig(getString(MODE));
    }

    public RecordFormat recordFormat() {
        return RecordFormat.fromConfig(getString(RECORD_FORMAT));
    }

    public int arrowMaxRecordBytes() {
        return getInt(ARROW_MAX_RECORD_BYTES);
    }

    /** The Arrow -> Connect choices ({@code uint64.mode}, {@code timestamp.mode}). */
    public ArrowConversionOptions conversionOptions() {
        return new ArrowConversionOptions(Uint64Mode.fromConfig(getString(UINT64_MODE)),
                TimestampMode.fromConfig(getString(TIMESTAMP_MODE)));
    }

    public long reorgMaxDepthBlocks() {
        return getLong(REORG_MAX_DEPTH_BLOCKS);
    }

    public int confirmations() {
        return getInt(CONFIRMATIONS);
    }

    public long requestTimeoutMs() {
        return getLong(REQUEST_TIMEOUT_MS);
    }

    /** Limits of the read-ahead between the stream readers and poll(). */
    public ReadAheadLimits readAheadLimits() {
        return new ReadAheadLimits(getInt(POLL_MAX_RECORDS), getLong(POLL_TIMEOUT_MS),
                getInt(QUEUE_MAX_RECORDS), getLong(QUEUE_MAX_BYTES));
    }

    /** The reconnect policy. */
    public ReconnectBackoff reconnectBackoff() {
        return new ReconnectBackoff(getLong(RECONNECT_BACKOFF_INITIAL_MS), getLong(RECONNECT_BACKOFF_MAX_MS),
                getInt(RECONNECT_MAX_ATTEMPTS));
    }

    /** Reconnects one reorg may cause before the stream fails ({@code reconnect.repeated.reorg.max}). */
    public int repeatedReorgMax() {
        return getInt(RECONNECT_REPEATED_REORG_MAX);
    }

    /** The bounds of connector-defined transactions. */
    public TransactionBounds transactionBounds() {
        return new TransactionBounds(getInt(TRANSACTION_MAX_RECORDS), getLong(TRANSACTION_MAX_MS));
    }

    /** Validates the {@code streams} list: non-empty, names of allowed characters, no duplicates. */
    static final class StreamNamesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> names = value == null ? List.of() : (List<String>) value;
            if (names.isEmpty()) {
                throw new ConfigException(name, value, "at least one stream is required");
            }
            Set<String> seen = new HashSet<>();
            List<String> bad = new ArrayList<>();
            for (String stream : names) {
                if (!STREAM_NAME.matcher(stream).matches()) {
                    bad.add(stream);
                }
                if (!seen.add(stream)) {
                    throw new ConfigException(name, value, "stream '" + stream + "' is listed twice");
                }
            }
            if (!bad.isEmpty()) {
                throw new ConfigException(name, value, "stream names may only use letters, digits, '.', '_' and '-' "
                        + "(at most 200 characters): " + bad);
            }
        }

        @Override
        public String toString() {
            return "non-empty list of unique names of [A-Za-z0-9._-]";
        }
    }

    /** Validates {@code amp.server.uri} by parsing it. */
    static final class ServerUriValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            ServerUri.parse(name, (String) value);
        }

        @Override
        public String toString() {
            return "grpc://host:port or grpc+tls://host:port";
        }
    }
}
