package dev.ampconnect.benchmarks.postgresql;

import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The reference points measured in the same run: {@code psql \copy … (FORMAT binary)} and batched INSERT. */
final class Baselines {

    private Baselines() {
    }

    /**
     * Seconds {@code psql \copy … FROM … (FORMAT binary)} takes to load the rows of {@code source} (exported
     * first, not timed) into a copy of its definition and indexes: the store's own bulk-load ceiling.
     */
    static double psqlBinaryCopy(PostgresDatabase db, String source, String target, Path dir) throws Exception {
        Path file = dir.resolve(source + ".pgbin");
        psql(db, "\\copy \"" + source + "\" TO '" + file + "' (FORMAT binary)");
        db.execute("CREATE TABLE \"" + target + "\" (LIKE \"" + source + "\" INCLUDING INDEXES)");
        long started = System.nanoTime();
        psql(db, "\\copy \"" + target + "\" FROM '" + file + "' (FORMAT binary)");
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.deleteIfExists(file);
        return seconds;
    }

    /** Seconds {@code psql \copy … (FORMAT binary)} takes to append the rows of {@code source} to {@code target}. */
    static double psqlBinaryCopyInto(PostgresDatabase db, String source, String target, Path dir) throws Exception {
        Path file = dir.resolve(source + ".pgbin");
        psql(db, "\\copy \"" + source + "\" TO '" + file + "' (FORMAT binary)");
        long started = System.nanoTime();
        psql(db, "\\copy \"" + target + "\" FROM '" + file + "' (FORMAT binary)");
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.deleteIfExists(file);
        return seconds;
    }

    private static void psql(PostgresDatabase db, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", db.host(),
                "-p", Integer.toString(db.port()), "-U", db.user(), "-d", db.name(), "-c", command);
        builder.environment().put("PGPASSWORD", db.password() == null ? "" : db.password());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
    }

    /**
     * Seconds a batched, rewritten JDBC INSERT (1,000 rows a batch, a commit per 50,000) takes for the same
     * rows into a copy of {@code source}'s definition.
     */
    static double batchedInsert(PostgresDatabase db, String source, String target, TransactionsDataset dataset,
                                long firstBlock, int microbatches, int blocksPerBatch, BufferAllocator allocator) throws Exception {
        db.execute("CREATE TABLE \"" + target + "\" (LIKE \"" + source + "\" INCLUDING INDEXES)");
        String url = db.jdbcUrl() + "?reWriteBatchedInserts=true";
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password())) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"" + target + "\" (block_num, tx_index,"
                    + " tx_hash, \"from\", \"to\", value, gas_price, gas_used, nonce, input, \"timestamp\", _amp_batch_id,"
                    + " _amp_batch_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                long rows = 0;
                for (int b = 0; b < microbatches; b++) {
                    long start = firstBlock + (long) b * blocksPerBatch;
                    long end = start + blocksPerBatch - 1;
                    String batchId = dev.ampconnect.common.range.BatchId.of(List.of(TransactionsDataset.range(start, end)));
                    try (VectorSchemaRoot batch = dataset.batch(start, end, allocator)) {
                        for (int row = 0; row < batch.getRowCount(); row++) {
                            insert.setBigDecimal(1, BigDecimal.valueOf(((UInt8Vector) batch.getVector("block_num")).get(row)));
                            insert.setLong(2, Integer.toUnsignedLong(((UInt4Vector) batch.getVector("tx_index")).get(row)));
                            insert.setBytes(3, ((FixedSizeBinaryVector) batch.getVector("tx_hash")).get(row));
                            insert.setBytes(4, ((FixedSizeBinaryVector) batch.getVector("from")).get(row));
                            FixedSizeBinaryVector to = (FixedSizeBinaryVector) batch.getVector("to");
                            if (to.isNull(row)) {
                                insert.setNull(5, Types.BINARY);
                            } else {
                                insert.setBytes(5, to.get(row));
                            }
                            insert.setString(6, ((VarCharVector) batch.getVector("value")).getObject(row).toString());
                            insert.setBigDecimal(7, ((DecimalVector) batch.getVector("gas_price")).getObject(row));
                            insert.setBigDecimal(8, BigDecimal.valueOf(((UInt8Vector) batch.getVector("gas_used")).get(row)));
                            insert.setBigDecimal(9, BigDecimal.valueOf(((UInt8Vector) batch.getVector("nonce")).get(row)));
                            insert.setBytes(10, ((VarBinaryVector) batch.getVector("input")).get(row));
                            long nanos = ((TimeStampNanoTZVector) batch.getVector("timestamp")).get(row);
                            insert.setObject(11, OffsetDateTime.ofInstant(Instant.ofEpochSecond(nanos / 1_000_000_000L), ZoneOffset.UTC));
                            insert.setString(12, batchId);
                            insert.setLong(13, b + 1);
                            insert.addBatch();
                            if (++rows % 1_000 == 0) {
                                insert.executeBatch();
                            }
                            if (rows % 50_000 == 0) {
                                connection.commit();
                            }
                        }
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
