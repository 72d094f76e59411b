package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.arrow.ArrowIpcEncoder;
import dev.ampconnect.common.contract.ContractHeaders;
import dev.ampconnect.common.contract.ControlSchemas;
import dev.ampconnect.common.contract.Watermark;
import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.conformance.TestSinkTaskContext;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The ClickHouse sink task alone (no Kafka, no worker): the benchmark's transactions rows as the source would send
 * them in the arrow record format (IPC slices of 10,000-row microbatches, then each watermark), prepared up front,
 * then handed to {@code put()} 500 records at a time and stored by {@code preCommit()}, with the sink's default
 * flush settings unless overridden. What is timed is the task: conversion, RowBinary encoding, the INSERTs, the
 * intents, owner checks and commit markers.
 */
final class SinkTaskRun {

    private static final int POLL_RECORDS = 500;
    private static final String NETWORK = "eth";

    private final List<SinkRecord> records = new ArrayList<>();
    private final TopicPartition partition;

    /** Encodes {@code rows} rows ({@code txPerBlock} rows a block, {@code rowsPerMicrobatch} a microbatch) as records. */
    SinkTaskRun(String topic, int rows, int txPerBlock, int rowsPerMicrobatch, BufferAllocator allocator) {
        this.partition = new TopicPartition(topic, 0);
        ArrowIpcEncoder ipc = new ArrowIpcEncoder(ArrowIpcEncoder.DEFAULT_MAX_RECORD_BYTES);
        long offset = 0;
        for (int first = 0; first < rows; first += rowsPerMicrobatch) {
            int count = Math.min(rowsPerMicrobatch, rows - first);
            long start = first / txPerBlock;
            long end = (first + count - 1) / txPerBlock;
            List<BlockRange> ranges = List.of(new BlockRange(NETWORK, start, end, hash(end), hash(start - 1)));
            String batchId = BatchId.of(ranges);
            try (ColumnarBatch batch = Transactions.batch(allocator, first, count, txPerBlock, count, 1)) {
                List<FieldVector> columns = new ArrayList<>(batch.root().getFieldVectors());
                columns.remove(columns.size() - 1); // the source's records carry the query's columns only
                VectorSchemaRoot root = new VectorSchemaRoot(columns);
                root.setRowCount(count);
                for (var slice : ipc.encode(root, 0, count)) {
                    records.add(record(offset++, slice.payload(), ContractHeaders.data("transactions", "s1", batchId, ranges,
                            slice.firstRow())));
                }
            }
            records.add(record(offset++, ControlSchemas.toJson(new Watermark("transactions", batchId, ranges, count)),
                    ContractHeaders.watermark("transactions", "s1", batchId, ranges)));
        }
    }

    private static String hash(long block) {
        return "0x" + String.format("%064x", block + 1);
    }

    private SinkRecord record(long offset, byte[] value, org.apache.kafka.connect.header.Headers headers) {
        return new SinkRecord(partition.topic(), 0, null, null, Schema.OPTIONAL_BYTES_SCHEMA, value, offset,
                System.currentTimeMillis(), TimestampType.CREATE_TIME, headers);
    }

    /** One run: the seconds it took and the HTTP requests the task's store sent (with the units it committed). */
    record Result(double seconds, ChRequestStats requests) {
    }

    /** Runs a new task of connector {@code name} over every record into {@code table}. */
    Result run(ClickHouseDatabase db, String name, String table, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("name", name);
        config.put("topics", partition.topic());
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("table.name.format", table);
        config.put(ClickHouseSinkConfig.URL, db.url());
        if (db.user() != null) {
            config.put(ClickHouseSinkConfig.USER, db.user());
        }
        if (db.password() != null) {
            config.put(ClickHouseSinkConfig.PASSWORD, db.password());
        }
        config.put(ClickHouseSinkConfig.DATABASE, db.name());
        config.putAll(overrides);
        ClickHouseStore[] store = new ClickHouseStore[1];
        AmpClickHouseSinkTask task = new AmpClickHouseSinkTask() {
            @Override
            protected SinkStore createStore(AmpSinkConfig sinkConfig, Map<String, String> props) {
                SinkStore created = super.createStore(sinkConfig, props);
                store[0] = (ClickHouseStore) created;
                return created;
            }
        };
        task.initialize(TestSinkTaskContext.assigned(partition));
        long started = System.nanoTime();
        task.start(config);
        task.open(List.of(partition));
        for (int from = 0; from < records.size(); from += POLL_RECORDS) {
            task.put(new ArrayList<>(records.subList(from, Math.min(records.size(), from + POLL_RECORDS))));
        }
        task.preCommit(new HashMap<>());
        double seconds = (System.nanoTime() - started) / 1e9;
        ChRequestStats requests = store[0].requests();
        task.close(List.of(partition));
        task.stop();
        return new Result(seconds, requests);
    }
}
