package dev.ampconnect.source.flightsql.record;

import dev.ampconnect.common.arrow.ArrowIpcEncoder;
import dev.ampconnect.common.arrow.ArrowIpcSlice;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code record.format=arrow}: each record batch becomes one or more records of Arrow IPC stream bytes,
 * re-sliced by rows below {@code arrow.max.record.bytes}. Not keyed; the batch id travels in the headers.
 */
public final class ArrowIpcRecordEncoder implements DataEncoder {

    private final ArrowIpcEncoder encoder;

    public ArrowIpcRecordEncoder(int maxRecordBytes) {
        this.encoder = new ArrowIpcEncoder(maxRecordBytes);
    }

    @Override
    public void encode(VectorSchemaRoot batch, String batchId, DataPayloadSink sink) throws InterruptedException {
        if (batch.getRowCount() == 0) {
            return;
        }
        List<ArrowIpcSlice> slices = encoder.encode(batch);
        for (ArrowIpcSlice slice : slices) {
            sink.accept(null, null, Schema.BYTES_SCHEMA, slice.payload(), slice.firstRow(), slice.rowCount(),
                    slice.payload().length);
        }
    }
}
