package dev.ampconnect.sink.iceberg.write;

import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;

/**
 * What must be kept of a data file this sink wrote to delete rows from it or remove it later without reading
 * the table's manifests for it: plain values a registry can store as text.
 *
 * @param path          the file's location
 * @param specId        its partition spec's id
 * @param partitionPath its partition as Iceberg's path form ({@code block_num_trunc=100000}), empty when unpartitioned
 * @param recordCount   rows in the file
 * @param sizeBytes     the file's size
 */
public record DataFileRef(String path, int specId, String partitionPath, long recordCount, long sizeBytes) {

    public DataFileRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(partitionPath, "partitionPath");
    }

    /** The reference of a file of {@code table}. */
    public static DataFileRef of(DataFile file, Table table) {
        PartitionSpec spec = table.specs().get(file.specId());
        String partition = spec.isUnpartitioned() ? "" : spec.partitionToPath(file.partition());
        return new DataFileRef(file.location(), file.specId(), partition, file.recordCount(), file.fileSizeInBytes());
    }

    /** The file's spec in {@code table}. */
    public PartitionSpec spec(Table table) {
        PartitionSpec spec = table.specs().get(specId);
        if (spec == null) {
            throw new IllegalStateException("table " + table.name() + " has no partition spec " + specId + " of " + path);
        }
        return spec;
    }

    /** A {@link DataFile} naming this file, as commits that remove it or reference it need. */
    public DataFile toDataFile(Table table) {
        PartitionSpec spec = spec(table);
        DataFiles.Builder builder = DataFiles.builder(spec).withPath(path).withFormat(FileFormat.PARQUET)
                .withRecordCount(recordCount).withFileSizeInBytes(sizeBytes);
        if (!spec.isUnpartitioned()) {
            builder.withPartitionPath(partitionPath);
        }
        return builder.build();
    }
}
