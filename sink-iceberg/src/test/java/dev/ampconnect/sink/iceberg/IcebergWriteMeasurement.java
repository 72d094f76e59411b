package dev.ampconnect.sink.iceberg;

import dev.ampconnect.common.arrow.Uint64Mode;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.sink.iceberg.commit.TableCommit;
import dev.ampconnect.sink.iceberg.schema.IcebergTables;
import dev.ampconnect.sink.iceberg.write.DataFileRef;
import dev.ampconnect.sink.iceberg.write.FileDeletion;
import dev.ampconnect.sink.iceberg.write.ParquetBatchWriter;
import dev.ampconnect.sink.iceberg.write.RowDeleteWriter;
import dev.ampconnect.sink.iceberg.write.RowDeletes;
import dev.ampconnect.sink.iceberg.write.RowRun;
import dev.ampconnect.sink.iceberg.write.WrittenFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;

/**
 * Not a test: measures the phase-1 write path on a local warehouse (sink-iceberg/README.md "Measured"). 1. N
 * transactions-like rows appended as Parquet + one commit through {@link ParquetBatchWriter} (Arrow vectors ->
 * Parquet) versus Iceberg's own generic writer ({@code GenericParquetWriter} over {@code Record}s, the future
 * benchmark's ceiling), each run alternately. 2. The position-delete (v2) or deletion-vector (v3) commit of the
 * last 100 blocks of an M-row table, from the recorded row runs, without reading the table.
 *
 * <pre>
 * ./mvnw -B -q -o -pl sink-iceberg -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx3g -cp sink-iceberg/target/test-classes:sink-iceberg/target/classes:$(cat /tmp/cp.txt) \
 *   dev.ampconnect.sink.iceberg.IcebergWriteMeasurement   # -Drows=1000000 -Ddelete.rows=10000000 -Drounds=3
 * </pre>
 */
public final class IcebergWriteMeasurement {

    private static final int TX_PER_BLOCK = 100;
    private static final long BLOCK_SECONDS = 12;
    private static final long FIRST_TIMESTAMP = 1_700_000_000L;

    private IcebergWriteMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("rows", 1_000_000);
        long deleteRows = Long.getLong("delete.rows", 10_000_000L);
        int rounds = Integer.getInteger("rounds", 3);
        Path warehouse = Files.createTempDirectory("amp-iceberg-measure-");
        HadoopCatalog catalog = new HadoopCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize("measure", Map.of("warehouse", warehouse.toUri().toString()));
        try (BufferAllocator allocator = new RootAllocator(); VectorSchemaRoot root = transactions(allocator, 0, rows)) {
            List<BatchSlice> slices = slices(0, rows);
            IcebergTables tables = new IcebergTables(catalog, Namespace.of("bench"),
                    new IcebergTables.Options(true, false, 2, "", Map.of(), Uint64Mode.DECIMAL));
            Table ours = tables.prepare("arrow_path", root.getSchema(), true);
            Table generic = tables.prepare("generic_path", root.getSchema(), true);
            GenericRows genericRows = new GenericRows(root, generic);
            System.out.printf("append of %,d transactions-like rows + one commit, local warehouse, %d rounds%n", rows, rounds);
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                ParquetBatchWriter writer = new ParquetBatchWriter(ours, 512L * 1024 * 1024);
                writer.write(root, slices);
                WrittenFiles written = writer.finish();
                TableCommit.to(ours).append(written.dataFiles()).commit();
                report("arrow -> parquet (this sink)", rows, start, written.dataFiles());
                start = System.nanoTime();
                List<DataFile> files = genericRows.write();
                TableCommit.to(generic).append(files).commit();
                report("iceberg generic writer (ceiling)", rows, start, files);
            }
            for (int version : new int[] {2, 3}) {
                measureDelete(catalog, allocator, version, deleteRows, rows);
            }
        } finally {
            catalog.close();
            deleteRecursively(warehouse);
        }
    }

    private static void measureDelete(HadoopCatalog catalog, BufferAllocator allocator, int version, long totalRows,
                                      int chunkRows) {
        IcebergTables tables = new IcebergTables(catalog, Namespace.of("bench"),
                new IcebergTables.Options(true, false, version, "", Map.of(), Uint64Mode.DECIMAL));
        Table table = null;
        Map<Long, List<RowRun>> runs = new HashMap<>();
        Map<String, DataFileRef> refs = new HashMap<>();
        long start = System.nanoTime();
        for (long first = 0; first < totalRows; first += chunkRows) {
            int count = (int) Math.min(chunkRows, totalRows - first);
            try (VectorSchemaRoot chunk = transactions(allocator, first, count)) {
                if (table == null) {
                    table = tables.prepare("delete_v" + version, chunk.getSchema(), true);
                }
                ParquetBatchWriter writer = new ParquetBatchWriter(table, 512L * 1024 * 1024);
                writer.write(chunk, slices(first, count));
                WrittenFiles written = writer.finish();
                TableCommit.to(table).append(written.dataFiles()).commit();
                runs.putAll(written.runsBySequence());
                written.refs().forEach(ref -> refs.put(ref.path(), ref));
            }
        }
        System.out.printf("v%d table of %,d rows in %d files written in %.1f s%n", version, totalRows, refs.size(),
                seconds(start));
        long lastBlock = (totalRows - 1) / TX_PER_BLOCK;
        Map<String, List<RowRun>> byFile = new HashMap<>();
        for (long block = lastBlock - 99; block <= lastBlock; block++) {
            for (RowRun run : runs.get(block)) {
                byFile.computeIfAbsent(run.file(), f -> new ArrayList<>()).add(run);
            }
        }
        start = System.nanoTime();
        List<FileDeletion> deletions = new ArrayList<>();
        byFile.forEach((file, fileRuns) -> deletions.add(new FileDeletion(refs.get(file), fileRuns)));
        RowDeletes deletes = RowDeleteWriter.write(table, deletions);
        long written = System.nanoTime();
        TableCommit.to(table).delete(deletes).summary("amp.invalidated", "100 blocks").commit();
        table.refresh();
        System.out.printf("v%d invalidation of the last 100 blocks (%,d rows, %d data file(s)): delete files written in"
                        + " %.2f s, committed in %.2f s, total %.2f s; snapshot: %s records, %s position deletes%n",
                version, deletes.deletedRows(), byFile.size(), (written - start) / 1e9, (System.nanoTime() - written) / 1e9,
                seconds(start), table.currentSnapshot().summary().get("total-records"),
                table.currentSnapshot().summary().get("total-position-deletes"));
    }

    private static void report(String path, int rows, long start, List<DataFile> files) {
        double seconds = seconds(start);
        long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        System.out.printf("  %-34s %6.2f s  %,10.0f rows/s  %d file(s), %.1f MB%n", path, seconds, rows / seconds,
                files.size(), bytes / 1e6);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static Schema schema() {
        ArrowType address = new ArrowType.FixedSizeBinary(20);
        return new Schema(List.of(
                new Field("block_num", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("tx_index", FieldType.notNullable(new ArrowType.Int(32, true)), null),
                new Field("tx_hash", FieldType.notNullable(new ArrowType.FixedSizeBinary(32)), null),
                new Field("from", FieldType.notNullable(address), null),
                new Field("to", FieldType.nullable(address), null),
                new Field("value", FieldType.notNullable(new ArrowType.Decimal(38, 0, 128)), null),
                new Field("gas", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("timestamp", FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.SECOND, "UTC")), null),
                new Field("_amp_batch_id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
    }

    static VectorSchemaRoot transactions(BufferAllocator allocator, long firstRow, int rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
        root.getFieldVectors().forEach(vector -> vector.setInitialCapacity(rows));
        root.allocateNew();
        byte[] hash = new byte[32];
        byte[] from = new byte[20];
        byte[] to = new byte[20];
        for (int i = 0; i < rows; i++) {
            long row = firstRow + i;
            long block = row / TX_PER_BLOCK;
            fill(hash, row * 31);
            fill(from, row % 5000);
            fill(to, row % 7919);
            ((BigIntVector) root.getVector("block_num")).setSafe(i, block);
            ((IntVector) root.getVector("tx_index")).setSafe(i, (int) (row % TX_PER_BLOCK));
            ((FixedSizeBinaryVector) root.getVector("tx_hash")).setSafe(i, hash);
            ((FixedSizeBinaryVector) root.getVector("from")).setSafe(i, from);
            ((FixedSizeBinaryVector) root.getVector("to")).setSafe(i, to);
            ((DecimalVector) root.getVector("value")).setSafe(i, row * 1_000_000_007L);
            ((BigIntVector) root.getVector("gas")).setSafe(i, 21_000 + row % 100_000);
            ((TimeStampVector) root.getVector("timestamp")).setSafe(i, FIRST_TIMESTAMP + block * BLOCK_SECONDS);
            ((VarCharVector) root.getVector("_amp_batch_id")).setSafe(i, ("batch-" + block).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(rows);
        return root;
    }

    /** One microbatch per block, whose sequence is the block number. */
    static List<BatchSlice> slices(long firstRow, int rows) {
        List<BatchSlice> slices = new ArrayList<>();
        int row = 0;
        while (row < rows) {
            long block = (firstRow + row) / TX_PER_BLOCK;
            int count = (int) Math.min(rows - row, (block + 1) * TX_PER_BLOCK - (firstRow + row));
            slices.add(new BatchSlice(block, "batch-" + block, row, count));
            row += count;
        }
        return slices;
    }

    private static void fill(byte[] bytes, long seed) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed >>> ((i % 8) * 8) ^ i);
        }
    }

    /** The same rows as Iceberg generic records, written by Iceberg's own Parquet writer. */
    private static final class GenericRows {
        private final Table table;
        private final long[] blocks;
        private final int[] indexes;
        private final byte[][] hashes;
        private final byte[][] froms;
        private final byte[][] tos;
        private final BigDecimal[] values;
        private final long[] gas;
        private final OffsetDateTime[] times;
        private final String[] ids;

        GenericRows(VectorSchemaRoot root, Table table) {
            this.table = table;
            int rows = root.getRowCount();
            blocks = new long[rows];
            indexes = new int[rows];
            hashes = new byte[rows][];
            froms = new byte[rows][];
            tos = new byte[rows][];
            values = new BigDecimal[rows];
            gas = new long[rows];
            times = new OffsetDateTime[rows];
            ids = new String[rows];
            for (int i = 0; i < rows; i++) {
                blocks[i] = ((BigIntVector) root.getVector("block_num")).get(i);
                indexes[i] = ((IntVector) root.getVector("tx_index")).get(i);
                hashes[i] = ((FixedSizeBinaryVector) root.getVector("tx_hash")).get(i);
                froms[i] = ((FixedSizeBinaryVector) root.getVector("from")).get(i);
                tos[i] = ((FixedSizeBinaryVector) root.getVector("to")).get(i);
                values[i] = new BigDecimal(new BigInteger(((DecimalVector) root.getVector("value")).getObject(i).unscaledValue().toByteArray()));
                gas[i] = ((BigIntVector) root.getVector("gas")).get(i);
                times[i] = OffsetDateTime.ofInstant(Instant.ofEpochSecond(((TimeStampVector) root.getVector("timestamp")).get(i)),
                        ZoneOffset.UTC);
                ids[i] = new String(((VarCharVector) root.getVector("_amp_batch_id")).get(i), StandardCharsets.UTF_8);
            }
        }

        List<DataFile> write() throws IOException {
            OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 0).format(FileFormat.PARQUET)
                    .operationId(UUID.randomUUID().toString()).build();
            DataWriter<Record> writer = Parquet.writeData(files.newOutputFile()).forTable(table)
                    .createWriterFunc(GenericParquetWriter::create).overwrite().build();
            GenericRecord record = GenericRecord.create(table.schema());
            try (writer) {
                for (int i = 0; i < blocks.length; i++) {
                    record.setField("block_num", blocks[i]);
                    record.setField("tx_index", indexes[i]);
                    record.setField("tx_hash", hashes[i]);
                    record.setField("from", froms[i]);
                    record.setField("to", tos[i]);
                    record.setField("value", values[i]);
                    record.setField("gas", gas[i]);
                    record.setField("timestamp", times[i]);
                    record.setField("_amp_batch_id", ids[i]);
                    record.setField("_amp_batch_seq", blocks[i]);
                    writer.write(record);
                }
            }
            return List.of(writer.toDataFile());
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
