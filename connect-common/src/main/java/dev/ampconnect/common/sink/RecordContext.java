package dev.ampconnect.common.sink;

import org.apache.kafka.connect.sink.SinkRecord;

/** Where a record came from, for error messages. */
final class RecordContext {

    private RecordContext() {
    }

    static String of(SinkRecord record) {
        return "topic " + record.topic() + " partition " + record.kafkaPartition() + " offset " + record.kafkaOffset();
    }

    static String source(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition();
    }
}
