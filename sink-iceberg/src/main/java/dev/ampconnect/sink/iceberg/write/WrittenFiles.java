package dev.ampconnect.sink.iceberg.write;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;

/**
 * The data files a {@link ParquetBatchWriter} wrote, not committed yet, and where each microbatch's rows are.
 *
 * @param dataFiles      the files, to append in the table's commit
 * @param refs           the same files as registry references, in the same order
 * @param runsBySequence per microbatch sequence, its rows' runs in write order (plain rows are not listed)
 * @param rows           rows written
 */
public record WrittenFiles(List<DataFile> dataFiles, List<DataFileRef> refs, Map<Long, List<RowRun>> runsBySequence,
                           long rows) {

    public WrittenFiles {
        dataFiles = List.copyOf(dataFiles);
        refs = List.copyOf(refs);
        runsBySequence = Map.copyOf(runsBySequence);
    }
}
