package dev.ampconnect.benchmarks.iceberg;

import dev.ampconnect.benchmarks.postgresql.RunTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;

/**
 * The Iceberg sinks' ceiling (issue 13): Iceberg's own generic writer appending the rows a sink wrote, read back
 * and held as {@link Record}s before the clock starts, into a new table of the same schema, spec, format version and
 * properties (the sink's {@code amp.sink.*} state left out) as Parquet data files of the table's target size, plus one commit.
 * Used by the sink task's benchmark ({@link IcebergSinkBenchmark}) and the end-to-end one.
 */
public final class IcebergWriterCeiling {

    private IcebergWriterCeiling() {
    }

    /** Seconds of writing {@code source}'s rows into a new table {@code target} and committing them once. */
    public static double append(Catalog catalog, TableIdentifier source, TableIdentifier target) {
        return appendTimed(catalog, source, target).seconds();
    }

    /** {@link #append}, with the CPU time of the writing thread and of the JVM. */
    public static RunTime appendTimed(Catalog catalog, TableIdentifier source, TableIdentifier target) {
        Table from = catalog.loadTable(source);
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(from).build()) {
            records.forEach(record -> rows.add(record.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>(from.properties());
        properties.keySet().removeIf(key -> key.startsWith("amp.sink."));
        // the same format version (a table with nanosecond timestamps is v3; a new table would default to v2)
        properties.put(TableProperties.FORMAT_VERSION,
                Integer.toString(((HasTableOperations) from).operations().current().formatVersion()));
        Table to = catalog.buildTable(target, from.schema()).withPartitionSpec(from.spec()).withProperties(properties).create();
        long targetSize = Long.parseLong(to.properties().getOrDefault(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                Long.toString(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT)));
        System.gc();
        RunTime.Clock clock = RunTime.start();
        OutputFileFactory files = OutputFileFactory.builderFor(to, 1, 0).format(FileFormat.PARQUET).build();
        List<DataFile> written = new ArrayList<>();
        DataWriter<Record> writer = null;
        try {
            for (int i = 0; i < rows.size(); i++) {
                if (writer == null) {
                    writer = Parquet.writeData(files.newOutputFile()).forTable(to)
                            .createWriterFunc(GenericParquetWriter::create).overwrite().build();
                }
                writer.write(rows.get(i));
                if (i % 1000 == 999 && writer.length() >= targetSize) {
                    writer.close();
                    written.add(writer.toDataFile());
                    writer = null;
                }
            }
            if (writer != null) {
                writer.close();
                written.add(writer.toDataFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var append = to.newFastAppend();
        written.forEach(append::appendFile);
        append.commit();
        return clock.stop();
    }
}
