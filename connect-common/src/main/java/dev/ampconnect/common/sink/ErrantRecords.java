package dev.ampconnect.common.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bad records (sink rule 9): with {@code errors.tolerance=all} they go to the dead letter queue through
 * Connect's {@link ErrantRecordReporter} (and the reports are awaited before the next store commit, so a
 * committed offset never skips a record that is not in the DLQ); otherwise the task fails with the
 * record's topic/partition/offset and the reason.
 */
final class ErrantRecords {

    private static final Logger LOG = LoggerFactory.getLogger(ErrantRecords.class);

    private final boolean tolerate;
    private final ErrantRecordReporter reporter;
    private final SinkMetrics metrics;
    private final List<Future<Void>> pending = new ArrayList<>();

    /**
     * @param tolerate whether {@code errors.tolerance=all}
     * @param reporter Connect's reporter, or {@code null} when no DLQ/error log is configured (then tolerated
     *                 records are only logged)
     */
    ErrantRecords(boolean tolerate, ErrantRecordReporter reporter, SinkMetrics metrics) {
        this.tolerate = tolerate;
        this.reporter = reporter;
        this.metrics = metrics;
    }

    boolean tolerates() {
        return tolerate;
    }

    /** Reports a record that cannot be written, or fails when errors are not tolerated. */
    void reject(SinkRecord record, RuntimeException error) {
        String message = RecordContext.of(record) + ": " + error.getMessage();
        if (!tolerate) {
            throw new ConnectException(message + " (set errors.tolerance=all and errors.deadletterqueue.topic.name"
                    + " to send such records to a dead letter queue instead)", error);
        }
        metrics.deadLetteredOne();
        if (reporter == null) {
            LOG.warn("Skipping bad record (errors.tolerance=all, no dead letter queue configured): {}", message);
            return;
        }
        pending.add(reporter.report(record, new ConnectException(message, error)));
    }

    /** Waits until every report was written. */
    void awaitReported() {
        try {
            for (Future<Void> report : pending) {
                report.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while writing to the dead letter queue", e);
        } catch (ExecutionException e) {
            throw new ConnectException("could not write a bad record to the dead letter queue", e.getCause());
        } finally {
            pending.clear();
        }
    }
}
