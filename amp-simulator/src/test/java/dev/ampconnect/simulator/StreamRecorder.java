package dev.ampconnect.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;

/** Reads a (possibly endless) DoGet stream on a background thread and records every message. */
final class StreamRecorder implements AutoCloseable {

    private final FlightStream stream;
    private final List<ReceivedBatch> batches = new ArrayList<>();
    private final Thread reader;
    private volatile Throwable failure;
    private volatile boolean ended;

    private StreamRecorder(FlightStream stream) {
        this.stream = stream;
        this.reader = new Thread(this::read, "test-stream-reader");
        this.reader.setDaemon(true);
    }

    static StreamRecorder start(FlightStream stream) {
        StreamRecorder recorder = new StreamRecorder(stream);
        recorder.reader.start();
        return recorder;
    }

    private void read() {
        try {
            while (stream.next()) {
                ReceivedBatch batch = SimClient.received(stream);
                synchronized (batches) {
                    batches.add(batch);
                }
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            ended = true;
        }
    }

    /** Everything received so far. */
    List<ReceivedBatch> batches() {
        synchronized (batches) {
            return new ArrayList<>(batches);
        }
    }

    /** Waits until {@code condition} holds for the messages received so far; returns them. */
    List<ReceivedBatch> awaitBatches(String what, Predicate<List<ReceivedBatch>> condition) {
        Await.until(() -> what + " (received " + describe(batches()) + ", failure " + failure + ")", Await.TIMEOUT,
                () -> condition.test(batches()) || (ended && !condition.test(batches()) && failOnEnd(what)));
        return batches();
    }

    private static String describe(List<ReceivedBatch> received) {
        return received.size() + " messages, microbatches " + Microbatch.of(received).stream()
                .map(m -> m.start() + ".." + m.end()).toList();
    }

    private boolean failOnEnd(String what) {
        throw new AssertionError("stream ended before " + what + ": " + failure, failure);
    }

    /** Waits for a watermark ({@code ranges_complete}) whose range ends at {@code block}, returning all messages. */
    List<ReceivedBatch> awaitWatermarkAt(long block) {
        return awaitBatches("a watermark ending at block " + block, received -> received.stream()
                .anyMatch(b -> b.isWatermark() && b.range().end() == block));
    }

    /** Waits for the stream to end with an error and returns it. */
    FlightRuntimeException awaitError() {
        Await.until("the stream to fail", () -> ended);
        if (failure instanceof FlightRuntimeException flightError) {
            return flightError;
        }
        throw new AssertionError("expected a Flight error, stream ended with " + failure, failure);
    }

    @Override
    public void close() {
        if (!ended) {
            stream.cancel("test finished", null);
        }
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stream.close();
        } catch (Exception e) {
            // a cancelled stream reports its cancellation on close
        }
    }
}
