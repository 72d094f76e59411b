package dev.ampconnect.simulator;

import java.util.List;
import java.util.Map;

/**
 * One FlightData message as a client received it.
 *
 * @param metadata  its parsed {@code app_metadata}
 * @param rowCount  rows in the batch
 * @param rows      the rows, normalised ({@link ArrowValues})
 * @param bodyBytes Arrow buffer bytes of the batch
 */
record ReceivedBatch(WireMetadata metadata, int rowCount, List<Map<String, Object>> rows, long bodyBytes) {

    boolean isEmpty() {
        return rowCount == 0;
    }

    boolean isWatermark() {
        return metadata.rangesComplete();
    }

    WireMetadata.WireRange range() {
        return metadata.range();
    }
}
