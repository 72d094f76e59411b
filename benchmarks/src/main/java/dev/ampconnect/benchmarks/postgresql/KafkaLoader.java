package dev.ampconnect.benchmarks.postgresql;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.ampconnect.common.sink.buffer.RecordFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;

/** Puts the dataset into a Kafka topic before the measured sink run (rows: JsonConverter with schemas). */
final class KafkaLoader {

    private KafkaLoader() {
    }

    /** Produces {@code microbatches} microbatches of {@code blocksPerBatch} blocks; returns the records written. */
    static long load(KafkaProducer<byte[], byte[]> producer, String topic, AmpRecords records, RecordFormat format,
                     long firstBlock, int microbatches, int blocksPerBatch) throws Exception {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        long[] count = {0};
        java.util.function.Consumer<AmpRecords.AmpRecord> send = record -> {
            byte[] value = format == RecordFormat.ARROW ? (byte[]) record.value()
                    : json.fromConnectData(topic, record.valueSchema(), record.value());
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                headers.add(header.key(), header.value().toString().getBytes(UTF_8));
            }
            pending.add(producer.send(new ProducerRecord<>(topic, 0, (byte[]) null, value, headers)));
            count[0]++;
        };
        send.accept(records.rewind(firstBlock));
        for (int b = 0; b < microbatches; b++) {
            long start = firstBlock + (long) b * blocksPerBatch;
            records.microbatch(start, start + blocksPerBatch - 1, send);
            if (pending.size() > 50_000) {
                for (Future<RecordMetadata> future : pending) {
                    future.get();
                }
                pending.clear();
            }
        }
        producer.flush();
        for (Future<RecordMetadata> future : pending) {
            future.get();
        }
        return count[0];
    }

    /** Producer settings for bulk loading. */
    static Map<String, Object> producerSettings() {
        return Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20, ProducerConfig.BUFFER_MEMORY_CONFIG, 256L << 20);
    }
}
