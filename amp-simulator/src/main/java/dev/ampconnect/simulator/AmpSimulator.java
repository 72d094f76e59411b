package dev.ampconnect.simulator;

import dev.ampconnect.simulator.chain.BlockProducer;
import dev.ampconnect.simulator.chain.ChainSpec;
import dev.ampconnect.simulator.chain.ChainState;
import dev.ampconnect.simulator.chain.SyntheticChain;
import dev.ampconnect.simulator.data.TableRow;
import dev.ampconnect.simulator.data.TableSet;
import dev.ampconnect.simulator.flight.ActiveStreams;
import dev.ampconnect.simulator.flight.AmpFlightProducer;
import dev.ampconnect.simulator.flight.CallHeadersMiddleware;
import dev.ampconnect.simulator.flight.StreamSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An amp server simulator: an Arrow Flight SQL server speaking amp's streaming protocol
 * (docs/AMP_PROTOCOL.md) over a deterministic synthetic EVM chain with scripted reorgs. Start one with
 * {@link #builder()}, point a client at {@link #uri()}, drive the chain through {@link #chain()}, and
 * compare what the client stored with {@link #canonicalRows(String)}.
 *
 * <pre>{@code
 * try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(100).start()) {
 *     // client streams "SELECT * FROM anvil.transactions" with header amp-stream: true ...
 *     amp.chain().mine(5);
 *     amp.chain().reorg(3);
 *     List<TableRow> truth = amp.canonicalRows("transactions");
 * }
 * }</pre>
 */
public final class AmpSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmpSimulator.class);
    private static final long SHUTDOWN_MILLIS = 5_000;

    private final SyntheticChain chain;
    private final TableSet tables;
    private final BufferAllocator allocator;
    private final ActiveStreams streams;
    private final FlightServer server;
    private final BlockProducer blockProducer;
    private final URI uri;
    private final AtomicBoolean synced;

    private AmpSimulator(Builder builder) throws IOException {
        ChainSpec spec = new ChainSpec(builder.network, builder.seed, builder.genesisTimestamp, builder.blockTimeSeconds);
        this.chain = new SyntheticChain(spec, builder.initialHead);
        builder.scheduledReorgs.forEach(reorg -> chain.scheduleReorg(reorg[0], (int) reorg[1]));
        builder.periodicReorgs.forEach(reorg -> chain.reorgEvery(reorg[0], (int) reorg[1]));
        this.tables = new TableSet(builder.transactionsPerBlock, builder.logsPerTransaction);
        this.synced = new AtomicBoolean(!builder.nothingSynced);
        this.allocator = new RootAllocator();
        this.streams = new ActiveStreams();
        StreamSettings settings = new StreamSettings(builder.maxBlocksPerMicrobatch, builder.maxPieceBytes,
                builder.maxPieceRows, builder.keepAliveInterval, builder.keepAliveAtMicrobatchStart,
                builder.microbatchComputeTime, builder.ticketTtl, builder.replayedReorgBlock);
        boolean tls = builder.tlsCertChain != null;
        Location location = tls ? Location.forGrpcTls(builder.host, builder.port)
                : Location.forGrpcInsecure(builder.host, builder.port);
        FlightServer.Builder serverBuilder = FlightServer.builder(allocator, location,
                        new AmpFlightProducer(chain, tables, settings, allocator, streams, synced::get))
                .middleware(CallHeadersMiddleware.KEY, new CallHeadersMiddleware.Factory(builder.bearerToken));
        if (tls) {
            serverBuilder.useTls(builder.tlsCertChain.toFile(), builder.tlsPrivateKey.toFile());
        }
        try {
            this.server = serverBuilder.build().start();
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
        }
        String clientHost = builder.host.equals("0.0.0.0") || builder.host.equals("::") ? "localhost" : builder.host;
        this.uri = URI.create((tls ? "grpc+tls://" : "grpc://") + clientHost + ":" + server.getPort());
        this.blockProducer = builder.blockInterval == null ? null : new BlockProducer(chain, builder.blockInterval);
        LOG.info("amp-simulator serving network {} at {} (head {}, {})", spec.network(), uri, chain.head(),
                builder.blockInterval == null ? "head grows on demand" : "a block every " + builder.blockInterval);
    }

    /** A builder with the defaults documented on each option. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where clients connect, e.g. {@code grpc://localhost:41234} ({@code grpc+tls://} with TLS). */
    public URI uri() {
        return uri;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /** The network id every range carries. */
    public String network() {
        return chain.network();
    }

    /** The chain: grow the head, reorg it, schedule reorgs, read canonical blocks. */
    public SyntheticChain chain() {
        return chain;
    }

    /** The tables of the dataset ({@code blocks}, {@code transactions}, {@code logs}). */
    public Set<String> tables() {
        return tables.names();
    }

    /** The Arrow schema of {@code table}, as {@code SELECT *} returns it. */
    public Schema schema(String table) {
        return tables.table(table).schema();
    }

    /** Every canonical row of {@code table}, blocks {@code 0..head}, in block order. */
    public List<TableRow> canonicalRows(String table) {
        ChainState state = chain.state();
        return tables.rows(table, state, 0, state.head());
    }

    /** The canonical rows of {@code table} in blocks {@code from..to} (inclusive, within 0..head). */
    public List<TableRow> canonicalRows(String table, long from, long to) {
        return tables.rows(table, chain.state(), from, to);
    }

    /**
     * From now on queries get the chain's data (after {@link Builder#nothingSynced()}); a stream already
     * answered "nothing synced" has ended, so its client sees the data when it asks again.
     */
    public void markSynced() {
        synced.set(true);
        LOG.info("amp-simulator at {}: data synced, queries now get the chain's blocks", uri);
    }

    /** DoGet calls being served right now (e.g. to wait until a client has disconnected). */
    public int activeStreams() {
        return streams.active();
    }

    /** DoGet calls served since start. */
    public long streamsStarted() {
        return streams.started();
    }

    /** Stops the block producer and every stream, then the server. */
    @Override
    public void close() {
        if (blockProducer != null) {
            blockProducer.close();
        }
        try {
            chain.wakeWaiters();
            streams.shutDown(SHUTDOWN_MILLIS);
            server.shutdown();
            if (!server.awaitTermination(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("amp-simulator at {}: calls still running after {} ms", uri, SHUTDOWN_MILLIS);
            }
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            // buffers of a message gRPC never flushed to a vanished client; harmless at shutdown
            LOG.debug("amp-simulator at {}: Arrow memory outstanding at close: {}", uri, e.getMessage());
        }
        LOG.info("amp-simulator at {} stopped", uri);
    }

    /** Options of an {@link AmpSimulator}; every one has a default. */
    public static final class Builder {

        private String host = "localhost";
        private int port;
        private String network = "anvil";
        private long seed = 1;
        private long genesisTimestamp = 1_700_000_000L;
        private long blockTimeSeconds = 12;
        private long initialHead;
        private Duration blockInterval;
        private int transactionsPerBlock = 4;
        private int logsPerTransaction = 2;
        private String bearerToken;
        private Path tlsCertChain;
        private Path tlsPrivateKey;
        private int maxBlocksPerMicrobatch = StreamSettings.DEFAULTS.maxBlocksPerMicrobatch();
        private long maxPieceBytes = StreamSettings.DEFAULTS.maxPieceBytes();
        private int maxPieceRows = StreamSettings.DEFAULTS.maxPieceRows();
        private Duration keepAliveInterval = StreamSettings.DEFAULTS.keepAliveInterval();
        private boolean keepAliveAtMicrobatchStart = StreamSettings.DEFAULTS.keepAliveAtMicrobatchStart();
        private Duration microbatchComputeTime = StreamSettings.DEFAULTS.microbatchComputeTime();
        private Duration ticketTtl = StreamSettings.DEFAULTS.ticketTtl();
        private long replayedReorgBlock = StreamSettings.DEFAULTS.replayedReorgBlock();
        private final List<long[]> scheduledReorgs = new ArrayList<>();
        private final List<long[]> periodicReorgs = new ArrayList<>();
        private boolean nothingSynced;

        private Builder() {
        }

        /** Interface to bind (default {@code localhost}; {@code 0.0.0.0} for every interface). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to listen on (default 0: a free port, see {@link AmpSimulator#port()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Network id of the chain (default {@code anvil}). */
        public Builder network(String network) {
            this.network = network;
            return this;
        }

        /** Seed of every hash and row value (default 1): same seed and script, same chain. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Unix seconds of block 0 (default 1700000000). */
        public Builder genesisTimestamp(long genesisTimestamp) {
            this.genesisTimestamp = genesisTimestamp;
            return this;
        }

        /** Seconds between block timestamps (default 12); independent of {@link #blockInterval}. */
        public Builder blockTimeSeconds(long blockTimeSeconds) {
            this.blockTimeSeconds = blockTimeSeconds;
            return this;
        }

        /** Head at start: blocks {@code 0..initialHead} exist (default 0, genesis only). */
        public Builder initialHead(long initialHead) {
            this.initialHead = initialHead;
            return this;
        }

        /** Mine a block every {@code interval} in the background (default: none, the head grows on demand). */
        public Builder blockInterval(Duration interval) {
            this.blockInterval = interval == null || interval.isZero() ? null : interval;
            return this;
        }

        /** Rows of {@code transactions} per block (default 4). */
        public Builder transactionsPerBlock(int transactionsPerBlock) {
            this.transactionsPerBlock = transactionsPerBlock;
            return this;
        }

        /** Rows of {@code logs} per transaction (default 2). */
        public Builder logsPerTransaction(int logsPerTransaction) {
            this.logsPerTransaction = logsPerTransaction;
            return this;
        }

        /** Require {@code authorization: Bearer <token>} on every call (default: no auth). */
        public Builder bearerToken(String token) {
            this.bearerToken = token;
            return this;
        }

        /** Serve TLS with a PEM certificate chain and PEM (PKCS#8) private key (see {@link SelfSignedCertificate}). */
        public Builder tls(Path certChain, Path privateKey) {
            this.tlsCertChain = Objects.requireNonNull(certChain, "certChain");
            this.tlsPrivateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** Most blocks per microbatch (default 1000, ampd's). */
        public Builder maxBlocksPerMicrobatch(int maxBlocks) {
            this.maxBlocksPerMicrobatch = maxBlocks;
            return this;
        }

        /** A data piece is sent once its body reaches this many bytes (default 2 MiB). */
        public Builder maxPieceBytes(long maxPieceBytes) {
            this.maxPieceBytes = maxPieceBytes;
            return this;
        }

        /** A data piece is sent once it holds this many rows (default 8192). */
        public Builder maxPieceRows(int maxPieceRows) {
            this.maxPieceRows = maxPieceRows;
            return this;
        }

        /** Keep-alive period while a microbatch is computed (default 30 s; zero: only the opening one). */
        public Builder keepAliveInterval(Duration interval) {
            this.keepAliveInterval = interval;
            return this;
        }

        /** Whether each microbatch opens with a keep-alive (default true). */
        public Builder keepAliveAtMicrobatchStart(boolean enabled) {
            this.keepAliveAtMicrobatchStart = enabled;
            return this;
        }

        /** How long a microbatch takes to compute; its rows trickle in over this time (default 0). */
        public Builder microbatchComputeTime(Duration computeTime) {
            this.microbatchComputeTime = computeTime;
            return this;
        }

        /** How long a ticket stays redeemable (default 1 min). */
        public Builder ticketTtl(Duration ttl) {
            this.ticketTtl = ttl;
            return this;
        }

        /** When the head reaches {@code atHead}, replace the newest {@code depth} blocks. */
        public Builder scheduleReorg(long atHead, int depth) {
            scheduledReorgs.add(new long[] {atHead, depth});
            return this;
        }

        /** Whenever the head reaches a multiple of {@code everyBlocks}, replace the newest {@code depth} blocks. */
        public Builder reorgEvery(long everyBlocks, int depth) {
            periodicReorgs.add(new long[] {everyBlocks, depth});
            return this;
        }

        /**
         * A faulty server that sends the same reorg on every stream, so a client that reconnects after it meets
         * it again: the planned microbatch {@code S..E} holding {@code block} ({@code S <= block < E}) is first
         * sent complete on a phantom fork (same blocks, an end hash that never becomes canonical), then the
         * server jumps back to the canonical {@code block+1..E}, inside the microbatch it just completed.
         * Needs the head past {@code block}.
         */
        public Builder replayReorgOnEveryStream(long block) {
            if (block < 0) {
                throw new IllegalArgumentException("the replayed reorg needs a block >= 0, got " + block);
            }
            this.replayedReorgBlock = block;
            return this;
        }

        /**
         * Start as a server with nothing synced yet (a new dataset): every query, streaming or batch, gets one
         * empty {@code ranges_complete} batch with {@code "ranges":[]} and then the end of its stream, as ampd
         * answers a query over tables without data, until {@link AmpSimulator#markSynced()}.
         */
        public Builder nothingSynced() {
            this.nothingSynced = true;
            return this;
        }

        /** Starts the server. */
        public AmpSimulator start() throws IOException {
            return new AmpSimulator(this);
        }
    }
}
