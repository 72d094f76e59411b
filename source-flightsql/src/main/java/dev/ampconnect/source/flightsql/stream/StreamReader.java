package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.protocol.AmpProtocolException;
import dev.ampconnect.source.flightsql.config.AmpSourceConfig;
import dev.ampconnect.source.flightsql.config.RecordFormat;
import dev.ampconnect.source.flightsql.config.SourceMode;
import dev.ampconnect.source.flightsql.flight.AmpFlightClient;
import dev.ampconnect.source.flightsql.flight.FlightCallException;
import dev.ampconnect.source.flightsql.flight.QueryRequest;
import dev.ampconnect.source.flightsql.flight.ServerSettings;
import dev.ampconnect.source.flightsql.metrics.StreamMetrics;
import dev.ampconnect.source.flightsql.offset.StreamOffset;
import dev.ampconnect.source.flightsql.record.ArrowIpcRecordEncoder;
import dev.ampconnect.source.flightsql.record.ContractRecords;
import dev.ampconnect.source.flightsql.record.DataEncoder;
import dev.ampconnect.source.flightsql.record.RowsEncoder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader thread of one stream. Opens the Flight stream from the stream's position, runs
 * {@link StreamSession}s over it, and reconnects, always from the last watermark under a new session (so the
 * rewind removes the partial microbatch): after a transient gRPC error with exponential backoff, after a
 * reorg that needs a fresh resume at once, or with backoff when reorgs keep the stream from moving on
 * ({@link ReconnectAttempts}); a server repeating one reorg fails the stream ({@link RepeatedReorgGuard}). Anything else — a protocol violation, a rejected token
 * or query, exhausted retries — is queued as a {@link StreamFailure} that fails the task with the full
 * context. Batch mode runs the query once, then the thread ends and the stream idles at its final offset.
 */
public final class StreamReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);

    private final StreamSettings settings;
    private final ServerSettings server;
    private final BufferAllocator allocator;
    private AmpFlightClient client;
    private final ReadAheadQueue queue;
    private final StreamOutput output;
    private final ContractRecords records;
    private final DataEncoder encoder;
    private final StreamMetrics metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile FlightStream current;

    /**
     * @param server    how to reach the amp server; the reader has a connection of its own
     * @param allocator the stream's own allocator (a child of the task's), closed when the reader ends
     * @param stored    the stream's stored offset, or {@code null}
     * @param metrics   the stream's metrics
     */
    public StreamReader(StreamSettings settings, ServerSettings server, BufferAllocator allocator,
                        ReadAheadQueue queue, StreamOffset stored, StreamMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.server = server;
        this.allocator = allocator;
        this.queue = queue;
        StreamPosition start = startPosition(settings, stored);
        // a batch query's result is complete when it ends: no later watermark would ever confirm its last microbatch
        this.output = settings.confirmations() > 0 && settings.mode() == SourceMode.STREAM
                ? new ConfirmationGate(queue, settings.confirmations(), start)
                : new DirectOutput(queue, start);
        this.records = new ContractRecords(settings.stream(), settings.format());
        this.encoder = settings.format() == RecordFormat.ARROW
                ? new ArrowIpcRecordEncoder(settings.arrowMaxRecordBytes())
                : new RowsEncoder(settings.name(), settings.stream().keyColumns(), settings.conversion());
    }

    private static StreamPosition startPosition(StreamSettings settings, StreamOffset stored) {
        if (stored == null) {
            return StreamPosition.initial(settings.reorgMaxDepthBlocks());
        }
        if (settings.mode() == SourceMode.BATCH && !stored.complete()) {
            // a batch query that did not finish runs again from its start; the rewind removes the partial run
            return StreamPosition.initial(settings.reorgMaxDepthBlocks());
        }
        return StreamPosition.at(java.util.Optional.of(stored.cursor()), stored.history(settings.reorgMaxDepthBlocks()),
                stored.complete());
    }

    @Override
    public void run() {
        try {
            if (settings.mode() == SourceMode.BATCH && output.position().complete()) {
                LOG.info("Stream {}: the batch query already ran to completion (offset {}); nothing to do",
                        settings.name(), output.position().offset());
                return;
            }
            client = new AmpFlightClient(server, allocator);
            readWithReconnects();
        } catch (RuntimeException e) {
            fail("stream " + settings.name() + ": cannot connect to " + server.uri() + ": " + e.getMessage(), e);
        } finally {
            if (client != null) {
                try {
                    client.close();
                } catch (RuntimeException e) {
                    LOG.debug("Stream {}: closing the Flight client failed", settings.name(), e);
                }
            }
            // the thread that used the buffers releases them, once nothing can touch them any more
            closeAllocator();
        }
    }

    private void readWithReconnects() {
        ReconnectAttempts attempts = new ReconnectAttempts(settings.backoff());
        RepeatedReorgGuard reorgGuard = new RepeatedReorgGuard(settings.repeatedReorgMax());
        int emptyPolls = 0;
        while (!isStopped()) {
            output.resetToPosition();
            long startBlock = blockOf(output.position());
            StreamSession session = new StreamSession(settings, records, encoder, output, metrics);
            try {
                boolean ended = runSession(session);
                if (ended && settings.mode() == SourceMode.BATCH) {
                    session.finishBatchQuery();
                    LOG.info("Stream {}: batch query complete after {} messages", settings.name(), session.messages());
                    return;
                }
                if (!isStopped()) {
                    throw new FlightCallException("stream " + settings.name() + ": the server ended a live stream",
                            null, true, null);
                }
            } catch (StreamSession.NothingSynced e) {
                if (!pollAgainLater(e, ++emptyPolls)) {
                    return;
                }
                continue;
            } catch (StreamSession.ReconnectRequested e) {
                if (!reconnectAfterReorg(e, blockOf(output.position()) > startBlock, attempts, reorgGuard)) {
                    return;
                }
            } catch (FlightCallException e) {
                if (isStopped()) {
                    return;
                }
                if (!e.isTransient()) {
                    fail("stream " + settings.name() + ": " + e.getMessage(), e);
                    return;
                }
                if (!reconnectAfterError(e, session.messages() > 0, attempts)) {
                    return;
                }
            } catch (AmpProtocolException e) {
                fail("stream " + settings.name() + " (topic " + settings.stream().topic() + "): protocol violation "
                        + e.violation() + ": " + e.getMessage(), e);
                return;
            } catch (InterruptedException e) {
                return;
            } catch (ConnectException e) {
                if (isStopped()) {
                    return;
                }
                fail("stream " + settings.name() + ": " + e.getMessage(), e);
                return;
            } catch (RuntimeException e) {
                if (isStopped()) {
                    // the task is stopping: a cancelled or interrupted read is expected, not a failure
                    return;
                }
                fail("stream " + settings.name() + ": unexpected failure: " + e, e);
                return;
            }
        }
    }

    /**
     * Backs off after a transient error: one WARN per step with the attempt, the wait and the cause; the first
     * failure in a row carries its stack trace, the give-up (an ERROR) too.
     *
     * @return whether to reconnect ({@code false}: the stream failed or the task is stopping)
     */
    private boolean reconnectAfterError(FlightCallException error, boolean serverAnswered, ReconnectAttempts attempts) {
        int attempt = attempts.afterTransientError(serverAnswered);
        if (!attempts.allowed()) {
            fail("stream " + settings.name() + ": giving up after " + attempt + " failed connection attempts ("
                    + AmpSourceConfig.RECONNECT_MAX_ATTEMPTS + "); last error: " + error.getMessage(), error);
            return false;
        }
        long delay = attempts.transientDelayMs();
        String from = resumePoint();
        if (attempt == 1) {
            LOG.warn("Stream {}: {}; reconnecting from {} in {} ms (attempt {} {})", settings.name(), error.getMessage(),
                    from, delay, attempt, attempts.limitText(), error);
        } else {
            LOG.warn("Stream {}: {}; reconnecting from {} in {} ms (attempt {} {})", settings.name(), error.getMessage(),
                    from, delay, attempt, attempts.limitText());
        }
        metrics.reconnecting();
        return awaitBackoff(delay);
    }

    /**
     * The server has no data for the query yet (e.g. a dataset still syncing its first blocks): not a failure, and
     * not counted against {@code reconnect.max.attempts}. The query is sent again after the reconnect backoff,
     * growing from {@code reconnect.backoff.initial.ms} to {@code reconnect.backoff.max.ms}, until data arrives.
     * One INFO line for the first empty answer (a WARN when the stream already has a position: the server once
     * served blocks it no longer has), then one every ten polls.
     *
     * @return whether to poll again ({@code false}: the task is stopping)
     */
    private boolean pollAgainLater(StreamSession.NothingSynced answer, int polls) {
        long delay = settings.backoff().delayMs(polls);
        if (polls == 1 && output.position().cursor().isPresent()) {
            LOG.warn("Stream {}: {}, although this stream resumes from {}; polling again in {} ms until it has data",
                    settings.name(), answer.getMessage(), resumePoint(), delay);
        } else if (polls == 1 || polls % 10 == 0) {
            LOG.info("Stream {}: {} ({} {}); polling again in {} ms until it has data", settings.name(),
                    answer.getMessage(), polls, polls == 1 ? "answer" : "answers in a row", delay);
        } else {
            LOG.debug("Stream {}: still nothing synced ({} answers in a row); polling again in {} ms", settings.name(),
                    polls, delay);
        }
        metrics.nothingSynced();
        return awaitBackoff(delay);
    }

    /**
     * Reconnects after a reorg whose incoming message could not be kept: at once after progress, with backoff
     * when the stream keeps going back, and never for a reorg the server has sent more often than
     * {@code reconnect.repeated.reorg.max} reconnects allow.
     *
     * @return whether to reconnect ({@code false}: the stream failed or the task is stopping)
     */
    private boolean reconnectAfterReorg(StreamSession.ReconnectRequested request, boolean progressed,
                                        ReconnectAttempts attempts, RepeatedReorgGuard reorgGuard) {
        if (progressed) {
            reorgGuard.progressed();
        }
        int attempt = attempts.afterReorg(progressed);
        int occurrences = reorgGuard.seen(request.reorg());
        if (reorgGuard.exceeded()) {
            fail("stream " + settings.name() + ": the server sent the same reorg " + occurrences + " times in a row, "
                    + "once after every reconnect: " + describe(request.reorg()) + ". Reconnecting again would only "
                    + "re-send the same records (" + AmpSourceConfig.RECONNECT_REPEATED_REORG_MAX + "="
                    + reorgGuard.limit() + "). Check the amp server (is it serving an abandoned fork?), then restart "
                    + "the task", null);
            return false;
        }
        if (!attempts.allowed()) {
            fail("stream " + settings.name() + ": giving up after " + attempt + " reconnects in a row after reorgs "
                    + "without progress (" + AmpSourceConfig.RECONNECT_MAX_ATTEMPTS + "); last: " + request.getMessage(),
                    null);
            return false;
        }
        long delay = attempts.reorgDelayMs();
        if (delay == 0) {
            LOG.info("Stream {}: {}; reconnecting now", settings.name(), request.getMessage());
        } else {
            LOG.warn("Stream {}: {} ({} in a row without progress, this reorg {} times); reconnecting in {} ms "
                    + "(attempt {} {})", settings.name(), request.getMessage(), attempt, occurrences, delay, attempt,
                    attempts.limitText());
        }
        metrics.reconnecting();
        return awaitBackoff(delay);
    }

    /** Waits {@code delayMs} unless the task stops meanwhile; {@code false} when it does. */
    private boolean awaitBackoff(long delayMs) {
        if (delayMs <= 0) {
            return !isStopped();
        }
        try {
            return !stopped.await(delayMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            return false;
        }
    }

    /** The highest block of {@code position}'s cursor, or -1 without one. */
    private static long blockOf(StreamPosition position) {
        return position.cursor().flatMap(cursor -> cursor.positions().values().stream()
                .map(dev.ampconnect.common.protocol.ResumeCursor.Position::number).max(Long::compare)).orElse(-1L);
    }

    private String resumePoint() {
        return output.position().cursor().map(c -> c.toHeaderValue()).orElse("the start");
    }

    /** The blocks a reorg invalidated and the incoming ranges that revealed it, for the failure message. */
    private static String describe(dev.ampconnect.common.protocol.StreamEvent.Reorg reorg) {
        StringBuilder text = new StringBuilder();
        for (dev.ampconnect.common.contract.Invalidation invalidation : reorg.invalidations()) {
            text.append(text.length() == 0 ? "blocks " : ", blocks ").append(invalidation.startBlock()).append("..")
                    .append(invalidation.endBlock()).append(" of network ").append(invalidation.network());
        }
        return text + " invalidated by the incoming range " + reorg.ranges() + ", resuming from "
                + reorg.resumeCursor().map(c -> c.toHeaderValue()).orElse("the start");
    }

    /**
     * Runs one session to its end.
     *
     * @return {@code true} when the server completed the stream
     */
    private boolean runSession(StreamSession session)
            throws InterruptedException, StreamSession.ReconnectRequested, StreamSession.NothingSynced {
        QueryRequest request = new QueryRequest(settings.stream().query(), settings.mode() == SourceMode.STREAM,
                session.resumeHeader());
        LOG.info("Stream {}: session {} opening query {} (amp-resume: {})", settings.name(), session.id(),
                settings.mode().configValue(), request.resumeJson() == null ? "none" : request.resumeJson());
        FlightStream stream = client.open(request, "stream " + settings.name());
        current = stream;
        try {
            if (isStopped()) {
                return false;
            }
            while (nextMessage(stream)) {
                session.handle(stream.getLatestMetadata(), stream.getRoot());
            }
            return true;
        } finally {
            current = null;
            closeQuietly(stream);
        }
    }

    private boolean nextMessage(FlightStream stream) {
        try {
            return stream.next();
        } catch (FlightRuntimeException e) {
            throw FlightCallException.of("reading stream " + settings.name(), server.uri(), e);
        }
    }

    /** Fails the stream: one ERROR (with the cause's stack trace, if there is a cause), then poll() throws. */
    private void fail(String message, Throwable cause) {
        if (cause == null) {
            LOG.error("{}", message);
        } else {
            LOG.error("{}", message, cause);
        }
        queue.putFailure(new StreamFailure(settings.name(), new ConnectException(message, cause)));
    }

    /** Asks the reader to stop: cancels the running Flight call so a blocked read returns. */
    public void stop() {
        stopped.countDown();
        FlightStream stream = current;
        if (stream != null) {
            try {
                stream.cancel("task stopping", null);
            } catch (RuntimeException e) {
                LOG.debug("Stream {}: cancel failed", settings.name(), e);
            }
        }
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    private void closeQuietly(FlightStream stream) {
        try {
            if (isStopped()) {
                stream.cancel("task stopping", null);
            }
            stream.close();
        } catch (Exception e) {
            // FlightStream.close() drains an unfinished stream first; when that drain fails (a cancelled call) it
            // throws before releasing its buffers. The call is complete now, so a second close() releases them.
            LOG.debug("Stream {}: closing the Flight stream failed, closing again", settings.name(), e);
            try {
                stream.close();
            } catch (Exception again) {
                LOG.debug("Stream {}: closing the Flight stream failed again", settings.name(), again);
            }
        }
    }

    /** Releases the stream's allocator; reports leaked Arrow memory. Called by the reader thread as it ends. */
    private void closeAllocator() {
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            LOG.error("Stream {}: Arrow memory leaked: {}", settings.name(), e.getMessage());
        }
    }

    /** The stream's name. */
    public String name() {
        return settings.name();
    }
}
