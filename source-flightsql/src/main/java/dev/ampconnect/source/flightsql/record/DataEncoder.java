package dev.ampconnect.source.flightsql.record;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Turns one Arrow record batch of a microbatch into data record contents. Runs on the stream's reader
 * thread and copies what it needs to the heap: the root's buffers are reused by the next message.
 */
public interface DataEncoder {

    /** Encodes every row of {@code batch}, whose rows belong to microbatch {@code batchId}. */
    void encode(VectorSchemaRoot batch, String batchId, DataPayloadSink sink) throws InterruptedException;
}
