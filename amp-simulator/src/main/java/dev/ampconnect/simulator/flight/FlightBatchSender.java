package dev.ampconnect.simulator.flight;

import dev.ampconnect.simulator.data.ArrowRowAppender;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes one DoGet stream: rows accumulate in a build batch; a data piece moves them to the wire batch
 * (by reference, no copy) and sends it with its {@code app_metadata}; an empty batch (keep-alive or
 * watermark) can go out while rows are still accumulating, as in ampd. Every send first waits for gRPC to
 * accept more (backpressure), so a slow client bounds the server's memory.
 */
final class FlightBatchSender implements AutoCloseable {

    private static final long READY_POLL_MILLIS = 100;

    private final ServerStreamListener listener;
    private final BackpressureStrategy.CallbackBackpressureStrategy backpressure =
            new BackpressureStrategy.CallbackBackpressureStrategy();
    private final BufferAllocator allocator;
    private final BooleanSupplier shuttingDown;
    private final VectorSchemaRoot wireRoot;
    private final VectorSchemaRoot buildRoot;
    private final ArrowRowAppender appender;
    private final VectorLoader wireLoader;
    private long messagesSent;

    FlightBatchSender(ServerStreamListener listener, Schema schema, BufferAllocator allocator,
                      BooleanSupplier shuttingDown) {
        this.listener = listener;
        this.allocator = allocator;
        this.shuttingDown = shuttingDown;
        this.wireRoot = VectorSchemaRoot.create(schema, allocator);
        this.buildRoot = VectorSchemaRoot.create(schema, allocator);
        this.appender = new ArrowRowAppender(buildRoot);
        this.wireLoader = new VectorLoader(wireRoot);
        backpressure.register(listener);
    }

    /** Sends the schema message. */
    void start() {
        listener.start(wireRoot);
    }

    /** Buffers one row (already projected) for the next data piece. */
    void append(Object[] row) {
        appender.append(row);
    }

    boolean hasPendingRows() {
        return appender.rows() > 0;
    }

    /** Whether the buffered rows reached either piece limit. */
    boolean pieceFull(StreamSettings settings) {
        return appender.rows() >= settings.maxPieceRows() || appender.bytes() >= settings.maxPieceBytes();
    }

    /** Sends the buffered rows as one data piece carrying {@code metadata}. */
    void sendPiece(byte[] metadata) {
        try (ArrowRecordBatch batch = new VectorUnloader(appender.seal()).getRecordBatch()) {
            wireLoader.load(batch);
        }
        appender.reset();
        put(metadata);
    }

    /** Sends an empty batch carrying {@code metadata}; buffered rows stay buffered. */
    void sendEmpty(byte[] metadata) {
        wireRoot.setRowCount(0);
        put(metadata);
    }

    /** Ends the stream successfully. */
    void complete() {
        listener.completed();
    }

    /** Ends the stream with {@code error}. */
    void fail(FlightRuntimeException error) {
        listener.error(error);
    }

    /** Messages sent after the schema. */
    long messagesSent() {
        return messagesSent;
    }

    /** Throws {@link StreamStoppedException} if the client cancelled or the server is shutting down. */
    void checkAlive() {
        if (listener.isCancelled()) {
            throw new StreamStoppedException("client cancelled the stream");
        }
        if (shuttingDown.getAsBoolean()) {
            throw new StreamStoppedException("server shutting down");
        }
    }

    private void put(byte[] metadata) {
        while (!listener.isReady()) {
            checkAlive();
            backpressure.waitForListener(READY_POLL_MILLIS);
        }
        checkAlive();
        ArrowBuf buffer = allocator.buffer(metadata.length);
        buffer.writeBytes(metadata);
        listener.putNext(buffer);
        messagesSent++;
        // the sent message holds its own references to the buffers; release ours
        wireRoot.clear();
    }

    @Override
    public void close() {
        wireRoot.close();
        buildRoot.close();
    }
}
