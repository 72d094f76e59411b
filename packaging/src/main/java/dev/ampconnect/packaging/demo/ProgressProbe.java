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
public final class ProgressProbe {

    /** The tables the demo's sink writes, in display order. */
    static final List<String> TABLES = List.of("blocks", "transactions", "logs");

    private final DemoStack stack;
    private final long startNanos = System.nanoTime();

    /** A probe of {@code stack}'s simulator, database and connectors. */
    public ProgressProbe(DemoStack stack) {
        this.stack = stack;
    }

    /** One snapshot; a table or connector not there yet reads as 0 rows or {@code UNASSIGNED}. */
    public ProgressSnapshot sample() {
        AmpSimulator simulator = stack.simulator();
        List<ReorgEvent> reorgs = simulator.chain().reorgs();
        ChainState chain = simulator.chain().state();
        // reorgs() and state() are two reads; keep only the reorgs the snapshot includes
        List<ReorgEvent> seen = reorgs.stream().filter(r -> r.chainVersion() <= chain.version()).toList();

        Map<String, Long> rows = new LinkedHashMap<>();
        long pgBlock = -1;
        Map<Long, byte[]> hashes = Map.of();
        long duplicates = 0;
        try (Connection db = stack.postgres().connect()) {
            Optional<long[]> progress = blocksProgress(db, stack.sinkName());
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
        int handled = 0;
        for (ReorgEvent reorg : seen) {
            if (handledIn(reorg, hashes, chain)) {
                handled++;
            }
        }
        return new ProgressSnapshot((System.nanoTime() - startNanos) / 1_000_000, chain.head(), seen.size(), handled,
                pgBlock, rows, stale, missing, duplicates, connectorStates());
    }

    /** PostgreSQL holds the canonical hash at every height the reorg replaced. */
    private static boolean handledIn(ReorgEvent reorg, Map<Long, byte[]> hashes, ChainState chain) {
        for (long n = reorg.firstReplacedBlock(); n <= reorg.lastReplacedBlock(); n++) {
            byte[] hash = hashes.get(n);
            if (hash == null || !Arrays.equals(hash, chain.hash(n).bytes())) {
                return false;
            }
        }
        return true;
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

    private Map<String, String> connectorStates() {
        Map<String, String> states = new LinkedHashMap<>();
        for (String name : List.of(stack.sourceName(), stack.sinkName())) {
            states.put(name, state(name));
        }
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
}
