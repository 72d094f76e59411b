package dev.ampconnect.sink.iceberg.write;

import java.util.List;
import java.util.Objects;

/**
 * Rows to delete from one data file, as the registry recorded them.
 *
 * @param file the data file
 * @param rows its row runs to delete (each run's file is {@code file.path()})
 */
public record FileDeletion(DataFileRef file, List<RowRun> rows) {

    public FileDeletion {
        Objects.requireNonNull(file, "file");
        rows = List.copyOf(rows);
        for (RowRun run : rows) {
            if (!run.file().equals(file.path())) {
                throw new IllegalArgumentException("row run of " + run.file() + " listed under " + file.path());
            }
            if (run.endPosition() > file.recordCount()) {
                throw new IllegalArgumentException("row run " + run + " beyond the " + file.recordCount()
                        + " rows of " + file.path());
            }
        }
    }
}
