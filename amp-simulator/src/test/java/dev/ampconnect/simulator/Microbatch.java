package dev.ampconnect.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The messages of one microbatch as received: everything from the first message carrying its range up to
 * and including the watermark ({@code ranges_complete:true}).
 */
record Microbatch(WireMetadata.WireRange range, List<ReceivedBatch> messages) {

    /** Groups received messages into the complete microbatches among them (a trailing open one is dropped). */
    static List<Microbatch> of(List<ReceivedBatch> received) {
        List<Microbatch> microbatches = new ArrayList<>();
        List<ReceivedBatch> current = new ArrayList<>();
        for (ReceivedBatch batch : received) {
            current.add(batch);
            if (batch.isWatermark()) {
                microbatches.add(new Microbatch(batch.range(), List.copyOf(current)));
                current.clear();
            }
        }
        return microbatches;
    }

    /** The data pieces (messages with rows). */
    List<ReceivedBatch> pieces() {
        return messages.stream().filter(m -> !m.isEmpty()).toList();
    }

    /** Every row of the microbatch in order. */
    List<Map<String, Object>> rows() {
        return messages.stream().flatMap(m -> m.rows().stream()).toList();
    }

    long start() {
        return range.start();
    }

    long end() {
        return range.end();
    }
}
