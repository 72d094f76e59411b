package dev.ampconnect.source.flightsql.it;

import dev.ampconnect.common.contract.AmpRecordMeta;
import dev.ampconnect.common.contract.ContractParser;
import dev.ampconnect.common.contract.ContractReplay;
import dev.ampconnect.common.contract.RecordKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * What a stream's topic holds, as read by a consumer: each record's contract metadata and decoded
 * value, and the contract applied to them ({@link ContractReplay}).
 */
final class StreamTopic {

    /** One consumed record. */
    record Item(ConsumerRecord<byte[], byte[]> raw, AmpRecordMeta meta, Object value) {
        RecordKind kind() {
            return meta.kind();
        }
    }

    private final List<Item> items;

    private StreamTopic(List<Item> items) {
        this.items = items;
    }

    /** Reads {@code records}, decoding values with {@code valueDecoder}. */
    static StreamTopic of(List<ConsumerRecord<byte[], byte[]>> records, Function<ConsumerRecord<byte[], byte[]>, Object> valueDecoder) {
        List<Item> items = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Headers headers = headers(record);
            AmpRecordMeta meta = ContractParser.parse(headers).orElseThrow(() ->
                    new AssertionError("record without contract headers at offset " + record.offset()));
            items.add(new Item(record, meta, valueDecoder.apply(record)));
        }
        return new StreamTopic(items);
    }

    /** Values written with JsonConverter (schemas enabled) back to Connect values. */
    static Function<ConsumerRecord<byte[], byte[]>, Object> jsonValues() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"), false);
        return record -> converter.toConnectData(record.topic(), record.value()).value();
    }

    /** Values kept as bytes (ByteArrayConverter). */
    static Function<ConsumerRecord<byte[], byte[]>, Object> rawValues() {
        return ConsumerRecord::value;
    }

    static Headers headers(ConsumerRecord<byte[], byte[]> record) {
        ConnectHeaders headers = new ConnectHeaders();
        for (Header header : record.headers()) {
            headers.addString(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    List<Item> items() {
        return items;
    }

    List<Item> ofKind(RecordKind kind) {
        return items.stream().filter(item -> item.kind() == kind).toList();
    }

    /** The contract applied to the topic. */
    ContractReplay<Object> replay() {
        return ContractReplay.apply(items.stream()
                .map(item -> new ContractReplay.Entry<>(headers(item.raw()), item.value())).toList());
    }

    /** How many of {@code records} are of {@code kind}. */
    static long count(List<ConsumerRecord<byte[], byte[]>> records, RecordKind kind) {
        return records.stream().map(record -> ContractParser.parse(headers(record)).orElse(null))
                .filter(meta -> meta != null && meta.kind() == kind).count();
    }

    /** The last block of the newest watermark, or -1. */
    static long lastWatermarkEnd(List<ConsumerRecord<byte[], byte[]>> records) {
        for (int i = records.size() - 1; i >= 0; i--) {
            AmpRecordMeta meta = ContractParser.parse(headers(records.get(i))).orElse(null);
            if (meta != null && meta.kind() == RecordKind.WATERMARK) {
                return meta.ranges().get(0).end();
            }
        }
        return -1;
    }
}
