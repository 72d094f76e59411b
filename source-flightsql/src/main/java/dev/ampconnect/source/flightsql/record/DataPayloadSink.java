package dev.ampconnect.source.flightsql.record;

import org.apache.kafka.connect.data.Schema;

/** Receives the data records' contents an encoder makes of one Arrow record batch. */
@FunctionalInterface
public interface DataPayloadSink {

    /**
     * One data record's key and value.
     *
     * @param rowInBatch index of the (first) row within the encoded record batch
     * @param rows       rows the record holds (1 in the rows format, a slice's rows in the arrow format)
     * @param bytes      estimated size, for the read-ahead bound
     */
    void accept(Schema keySchema, Object key, Schema valueSchema, Object value, int rowInBatch, int rows, long bytes)
            throws InterruptedException;
}
