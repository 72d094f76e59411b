package dev.ampconnect.source.flightsql;

import dev.ampconnect.common.config.AmpConnectVersion;
import dev.ampconnect.source.flightsql.config.AmpSourceConfig;
import dev.ampconnect.source.flightsql.config.ReadAheadLimits;
import dev.ampconnect.source.flightsql.config.StreamConfig;
import dev.ampconnect.source.flightsql.config.TaskAssignment;
import dev.ampconnect.source.flightsql.flight.ServerSettings;
import dev.ampconnect.source.flightsql.metrics.SourceTaskMetrics;
import dev.ampconnect.source.flightsql.offset.StreamOffsets;
import dev.ampconnect.source.flightsql.record.SourcePartitions;
import dev.ampconnect.source.flightsql.stream.PendingRecord;
import dev.ampconnect.source.flightsql.stream.QueueEntry;
import dev.ampconnect.source.flightsql.stream.ReadAheadQueue;
import dev.ampconnect.source.flightsql.stream.StreamFailure;
import dev.ampconnect.source.flightsql.stream.StreamReader;
import dev.ampconnect.source.flightsql.stream.StreamSettings;
import dev.ampconnect.source.flightsql.txn.TransactionBoundaries;
import dev.ampconnect.source.flightsql.txn.TransactionBoundaries.Admission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the streams assigned to it. Threading: one {@link StreamReader} thread per stream reads its Flight
 * stream, validates every message, converts rows to records (Arrow buffers never leave that thread) and
 * hands them to one bounded {@link ReadAheadQueue}; {@link #poll()} (the worker's thread) drains at most
 * {@code poll.max.records} of them, marks transaction boundaries and counts what it hands over in the
 * streams' metrics ({@link SourceTaskMetrics}). {@link #stop()} (another worker
 * thread) cancels the Flight calls, joins the readers and closes every allocator.
 */
public class AmpFlightSqlSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(AmpFlightSqlSourceTask.class);

    private ReadAheadQueue queue;
    private ReadAheadLimits limits;
    private TransactionBoundaries boundaries;
    private BufferAllocator allocator;
    private SourceTaskMetrics metrics;
    private final List<StreamReader> readers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @Override
    public String version() {
        return AmpConnectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        AmpSourceConfig config = new AmpSourceConfig(props);
        List<String> streams = TaskAssignment.streamsOf(props);
        limits = config.readAheadLimits();
        queue = new ReadAheadQueue(limits.queueMaxRecords(), limits.queueMaxBytes());
        boundaries = new TransactionBoundaries(context.transactionContext(), config.transactionBounds(),
                System::currentTimeMillis);
        allocator = new RootAllocator();
        metrics = SourceTaskMetrics.bind(context);
        Map<String, StreamConfig> configured = config.streams();
        List<Map<String, String>> partitions = streams.stream().map(SourcePartitions::of).toList();
        Map<Map<String, String>, Map<String, Object>> stored = context.offsetStorageReader().offsets(partitions);
        for (String name : streams) {
            StreamConfig stream = configured.get(name);
            Map<String, Object> offset = stored.get(SourcePartitions.of(name));
            StreamReader reader = new StreamReader(StreamSettings.of(config, stream), ServerSettings.of(config),
                    allocator.newChildAllocator("stream " + name, 0, Long.MAX_VALUE), queue,
                    offset == null ? null : StreamOffsets.decode(name, offset), metrics.stream(name));
            readers.add(reader);
            Thread thread = new Thread(reader, "amp-stream-" + name);
            thread.setDaemon(true);
            threads.add(thread);
        }
        LOG.info("Starting {} stream reader(s) against {} ({} transaction boundaries)", readers.size(),
                config.serverUri(), boundaries.isActive() ? "connector-defined" : "worker-defined");
        threads.forEach(Thread::start);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (queue.awaitHead(limits.pollTimeoutMs()) == null) {
            boundaries.onIdle();
            return null;
        }
        List<SourceRecord> batch = new ArrayList<>();
        long now = System.nanoTime();
        while (batch.size() < limits.pollMaxRecords()) {
            QueueEntry head = queue.peek();
            if (head == null) {
                break;
            }
            if (head instanceof StreamFailure failure) {
                if (batch.isEmpty()) {
                    queue.removeHead();
                    throw failure.error();
                }
                break; // deliver what came before the failure first
            }
            PendingRecord pending = (PendingRecord) head;
            SourceRecord last = batch.isEmpty() ? null : batch.get(batch.size() - 1);
            if (boundaries.beforeRecord(pending.kind(), last) == Admission.END_BATCH_BEFORE) {
                break;
            }
            queue.removeHead();
            batch.add(pending.record());
            pending.handOver().handedOver(now);
            boundaries.afterRecord(pending.record(), pending.kind());
        }
        return batch.isEmpty() ? null : batch;
    }

    @Override
    public void stop() {
        if (metrics != null) {
            // first: when a reader is slow to end, Connect may start this task again before stop() returns, and the
            // new instance registers the same metric names
            metrics.close();
        }
        readers.forEach(StreamReader::stop);
        if (queue != null) {
            queue.clear(); // wakes readers blocked on a full queue
        }
        boolean allEnded = true;
        for (Thread thread : threads) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                allEnded = false;
                LOG.warn("Stream reader thread {} did not stop within 10 s; it releases its Arrow memory when it ends",
                        thread.getName());
            }
        }
        // each reader closed its own child allocator; the root only once all of them are gone
        if (allocator != null && allEnded) {
            try {
                allocator.close();
            } catch (IllegalStateException e) {
                LOG.error("Arrow memory leaked by the task: {}", e.getMessage());
            }
        }
    }
}
