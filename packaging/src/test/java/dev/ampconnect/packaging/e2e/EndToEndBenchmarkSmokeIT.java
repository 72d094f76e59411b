package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import dev.ampconnect.packaging.bench.BenchConfigs;
import dev.ampconnect.packaging.bench.BenchTopics;
import dev.ampconnect.packaging.bench.CpuMeter;
import dev.ampconnect.packaging.bench.PhaseResult;
import dev.ampconnect.packaging.bench.PipelineBench;
import dev.ampconnect.packaging.bench.PostgresTarget;
import dev.ampconnect.packaging.bench.RecordPath;
import dev.ampconnect.packaging.bench.RedisTarget;
import dev.ampconnect.packaging.bench.SinkTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A short run of the end-to-end benchmark (benchmarks module, BENCHMARKS.md) in the normal build, so the
 * benchmark's engine and the path it measures cannot rot: the source and a sink from the built zips in the
 * fixture's broker and worker processes, a backfill of 200 blocks then a live tail of 5, once per store in a
 * different record format. It asserts only that every run completes and that the store equals the canonical chain
 * row for row, never a timing.
 */
class EndToEndBenchmarkSmokeIT {

    private static final int TX_PER_BLOCK = 4;

    @RegisterExtension
    static final PipelineExtension pipeline = PipelineExtension.builder()
            .simulator(b -> b.initialHead(199).transactionsPerBlock(TX_PER_BLOCK))
            .build();

    private static BenchTopics topics;
    private static PipelineBench bench;

    @BeforeAll
    static void engine() {
        topics = new BenchTopics(pipeline.broker().bootstrapServers());
        CpuMeter cpu = new CpuMeter()
                .process("broker", OptionalLong.of(pipeline.broker().pid()), false)
                .process("worker", OptionalLong.of(pipeline.cluster().worker(0).pid()), false);
        bench = new PipelineBench(pipeline.rest(), topics, cpu, null, Duration.ofSeconds(120));
    }

    @AfterAll
    static void close() {
        if (topics != null) {
            topics.close();
        }
    }

    @Test
    void postgresqlRowsWithJsonConverterEqualsTheChain() {
        try (PostgresTarget postgres = new PostgresTarget(pipeline.postgres().jdbcUrl(), pipeline.postgres().user(),
                pipeline.postgres().password())) {
            PhaseResult result = run(postgres, RecordPath.ROWS_JSON, "smoke-pg",
                    pipeline.configs().postgresSink(PipelineStream.TRANSACTIONS));
            assertEquals(5, result.latency().count(), "every live block measured once");
            assertEquals(java.util.List.of(), pipeline.truth().postgresDifferences(PipelineStream.TRANSACTIONS));
        }
    }

    @Test
    void redisArrowEqualsTheChain() {
        try (RedisTarget redis = new RedisTarget(pipeline.redis().host(), pipeline.redis().port(),
                pipeline.redis().database())) {
            Map<String, String> sample = pipeline.configs().redisSink(PipelineStream.TRANSACTIONS);
            PhaseResult result = run(redis, RecordPath.ARROW, "smoke-redis", sample);
            assertEquals(5, result.latency().count(), "every live block measured once");
            assertEquals(java.util.List.of(), pipeline.truth().redisDifferences(PipelineStream.TRANSACTIONS));
        }
    }

    private PhaseResult run(SinkTarget target, RecordPath path, String name, Map<String, String> sinkSample) {
        PipelineStream stream = PipelineStream.TRANSACTIONS;
        String topic = "bench." + name;
        Map<String, String> source = BenchConfigs.source(pipeline.configs().source(stream), pipeline.amp().uri(),
                stream.name(), stream.query(), topic, path, pipeline.exactlyOnceSource());
        Map<String, String> sink = BenchConfigs.sink(sinkSample, target, topic, stream.name(), path);
        if (target instanceof RedisTarget) {
            // the truth check finds a row by its key columns, not by the default ${row}
            sink.put("redis.key.template", PipelineTruth.redisKeyTemplate(stream));
        }
        // a live block is written within half a second, not the default 5 s
        sink.put("buffer.flush.interval.ms", "500");
        long rowsBefore = (pipeline.amp().chain().head() + 1) * TX_PER_BLOCK;
        PhaseResult result = bench.endToEnd("smoke " + target.name() + " " + path.name(), pipeline.amp(), name + "-source",
                source, name + "-sink", sink, target, topic, stream.name(), TX_PER_BLOCK, new PipelineBench.LiveTail(5,
                        Duration.ofMillis(200)));
        assertEquals(rowsBefore, result.rows(), "the backfill's rows");
        assertTrue(result.seconds() > 0);
        return result;
    }
}
