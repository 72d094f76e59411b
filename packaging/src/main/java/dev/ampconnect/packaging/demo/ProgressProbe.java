package dev.ampconnect.packaging.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ampconnect.packaging.rest.ConnectorStatus;
import dev.ampconnect.packaging.rest.TaskStatus;
import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.simulator.chain.ChainState;
import dev.ampconnect.simulator.chain.ReorgEvent;

/**
 * Takes a {@link ProgressSnapshot}: the simulator's chain first, then PostgreSQL, then connector states. Reading
 * the chain first means a reorg PostgreSQL has not applied yet shows as "stale", never the other way round.
 */
public final class ProgressProbe implements AutoCloseable {

    /** The tables the demo's sink writes, in display order. */
    static final List<String> TABLES = List.of("blocks", "transactions", "logs");

    /** The topic of stream {@code blocks} (the sample source config's default: the stream's name). */
    static final String BLOCKS_TOPIC = "blocks";

    private final DemoStack stack;
    private final ReorgInvalidations invalidations;
    private final long startNanos = System.nanoTime();

    /** A probe of {@code stack}'s simulator, database, {@code blocks} topic and connectors. */
    public ProgressProbe(DemoStack stack) {
        this.stack = stack;
        this.invalidations = new ReorgInvalidations(stack.bootstrapServers(), BLOCKS_TOPIC);
    }

    /** One snapshot; a table or connector not there yet reads as 0 rows or {@code UNASSIGNED}. */
    public ProgressSnapshot sample() {
        AmpSimulator simulator = stack.simulator();
        List<ReorgEvent> reorgs = simulator.chain().reorgs();
        ChainState chain = simulator.chain().state();
        // reorgs() and state() are two reads; keep only the reorgs the snapshot includes
        List<ReorgEvent> seen = reorgs.stream().filter(r -> r.chainVersion() <= chain.version()).toList();

        invalidations.refresh();
        Map<String, Long> rows = new LinkedHashMap<>();
        long pgBlock = -1;
        long sinkNextOffset = 0;
        Map<Long, byte[]> hashes = Map.of();
        long duplicates = 0;
        try (Connection db = stack.postgres().connect()) {
            Optional<long[]> progress = blocksProgress(db, stack.sinkName());
            sinkNextOffset = nextOffset(db, stack.sinkName());
            for (String table : TABLES) {
                rows.put(table, count(db, table));
            }
            if (progress.isPresent()) {
                pgBlock = progress.get()[0];
                hashes = new HashMap<>();
                duplicates = completeBlocks(db, progress.get()[1], hashes);
            }
        } catch (SQLException e) {
            TABLES.forEach(t -> rows.putIfAbsent(t, 0L));
        }
        long stale = 0;
        long missing = 0;
        for (long n = 0; n <= pgBlock; n++) {
            byte[] hash = hashes.get(n);
            if (hash == null) {
                missing++;
            } else if (n > chain.head() || !Arrays.equals(hash, chain.hash(n).bytes())) {
                stale++;
            }
        }
        return new ProgressSnapshot((System.nanoTime() - startNanos) / 1_000_000, chain.head(), seen.size(),
                invalidations.count(), invalidations.countBefore(sinkNextOffset), pgBlock, rows, stale, missing,
                duplicates, redisEntries(), transactionTables(), connectorStates());
    }

    /** The sink's stored next offset of the {@code blocks} topic (it commits it with the rows), 0 before any. */
    private static long nextOffset(Connection db, String connector) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT \"next_offset\" FROM \"amp_sink_offsets\" "
                + "WHERE \"connector\" = ? AND \"topic\" = ? AND \"kafka_partition\" = 0")) {
            q.setString(1, connector);
            q.setString(2, BLOCKS_TOPIC);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    /** {last complete block, last complete sequence} of table {@code blocks}, once the sink has written one. */
    private static Optional<long[]> blocksProgress(Connection db, String connector) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT \"last_complete_block\", \"last_complete_sequence\" "
                + "FROM \"amp_sink_progress\" WHERE \"connector\" = ? AND \"table_name\" = 'blocks'")) {
            q.setString(1, connector);
            try (ResultSet r = q.executeQuery()) {
                return r.next() && r.getObject(1) != null
                        ? Optional.of(new long[] {r.getLong(1), r.getLong(2)}) : Optional.empty();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // the sink has not created its tables yet
                return Optional.empty();
            }
            throw e;
        }
    }

    private static long count(Connection db, String table) throws SQLException {
        try (Statement q = db.createStatement();
             ResultSet r = q.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * Reads block number and hash of every {@code blocks} row of a complete microbatch (readers filter on
     * {@code _amp_batch_seq}, sink-postgresql/README.md) into {@code hashes}; returns how many numbers repeat.
     */
    private static long completeBlocks(Connection db, long lastSequence, Map<Long, byte[]> hashes)
            throws SQLException {
        long duplicates = 0;
        try (PreparedStatement q = db.prepareStatement(
                "SELECT \"block_num\", \"hash\" FROM \"blocks\" WHERE \"_amp_batch_seq\" <= ?")) {
            q.setLong(1, lastSequence);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    long number = r.getBigDecimal(1).longValueExact();
                    if (hashes.put(number, r.getBytes(2)) != null) {
                        duplicates++;
                    }
                }
            }
        }
        return duplicates;
    }

    private Optional<Long> redisEntries() {
        try {
            return stack.redis().map(r -> r.call(jedis -> jedis.exists(DemoStack.REDIS_KEY)
                    ? jedis.xlen(DemoStack.REDIS_KEY) : 0L));
        } catch (RuntimeException e) {
            return Optional.of(-1L);
        }
    }

    /** The Iceberg and ClickHouse sinks' transactions tables (the stores that run), each read from the store. */
    private Map<String, Optional<TableProgress>> transactionTables() {
        Map<String, Optional<TableProgress>> tables = new LinkedHashMap<>();
        stack.iceberg().ifPresent(iceberg -> tables.put("Iceberg", read(() -> iceberg.progress(
                stack.icebergSinkName().orElseThrow(), DemoStack.TRANSACTIONS_TABLE, stack.simulator().network()))));
        stack.clickHouse().ifPresent(clickHouse -> tables.put("ClickHouse", read(() -> clickHouse.progress(
                stack.clickHouseSinkName().orElseThrow(), DemoStack.TRANSACTIONS_TABLE))));
        return tables;
    }

    /** A store's answer; a store that cannot answer now reads as -1 rows (the line shows it, the next one retries). */
    private static Optional<TableProgress> read(java.util.function.Supplier<Optional<TableProgress>> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            return Optional.of(new TableProgress(-1, -1));
        }
    }

    private Map<String, String> connectorStates() {
        Map<String, String> states = new LinkedHashMap<>();
        states.put("source", state(stack.sourceName()));
        states.put("sink", state(stack.sinkName()));
        stack.redisSinkName().ifPresent(name -> states.put("redis sink", state(name)));
        stack.icebergSinkName().ifPresent(name -> states.put("iceberg sink", state(name)));
        stack.clickHouseSinkName().ifPresent(name -> states.put("clickhouse sink", state(name)));
        return states;
    }

    private String state(String name) {
        try {
            ConnectorStatus status = stack.rest().status(name);
            String tasks = status.tasks().stream().map(TaskStatus::state).distinct()
                    .filter(s -> !s.equals(status.state())).reduce((a, b) -> a + "/" + b).orElse("");
            return tasks.isEmpty() ? status.state() : status.state() + " (tasks " + tasks + ")";
        } catch (RuntimeException e) {
            return "UNKNOWN (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        invalidations.close();
    }
}
