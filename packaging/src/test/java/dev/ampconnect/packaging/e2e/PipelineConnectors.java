package dev.ampconnect.packaging.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.ampconnect.packaging.cluster.Await;

/**
 * The standard deployment of the pipeline, five connectors created through REST:
 *
 * <table>
 * <caption>connectors</caption>
 * <tr><th>name</th><th>what</th></tr>
 * <tr><td>{@value #SOURCE_ROWS}</td><td>source, stream {@code transactions}, {@code record.format=rows} (JSON)</td></tr>
 * <tr><td>{@value #SOURCE_ARROW}</td><td>source, stream {@code blocks}, {@code record.format=arrow} (bytes)</td></tr>
 * <tr><td>{@value #PG_ROWS}</td><td>PostgreSQL sink of the transactions topic, table {@code transactions}</td></tr>
 * <tr><td>{@value #PG_ARROW}</td><td>PostgreSQL sink of the blocks topic (Arrow IPC), table {@code blocks}</td></tr>
 * <tr><td>{@value #REDIS_ROWS}</td><td>Redis sink of the transactions topic, hashes {@code transactions:<block>:<tx>}</td></tr>
 * </table>
 *
 * {@link #awaitSinksAtHead} waits until every sink has stored the simulator's current head (hash included);
 * {@link #awaitMatchesCanonicalChain} until every store equals the canonical chain.
 */
public final class PipelineConnectors {

    public static final String SOURCE_ROWS = "amp-transactions";
    public static final String SOURCE_ARROW = "amp-blocks";
    public static final String PG_ROWS = "pg-transactions";
    public static final String PG_ARROW = "pg-blocks";
    public static final String REDIS_ROWS = "redis-transactions";

    private final PipelineExtension pipeline;

    private PipelineConnectors(PipelineExtension pipeline) {
        this.pipeline = pipeline;
    }

    /** Deploys all five connectors with the fixture's configs. */
    public static PipelineConnectors deployAll(PipelineExtension pipeline) {
        return deployAll(pipeline, UnaryOperator.identity());
    }

    /**
     * Deploys all five connectors, every sink config passed through {@code sinkConfig} first (e.g.
     * {@code c -> PipelineConfigs.withDeadLetterQueue(c, "dlq")}). Sinks first, so no record waits for them.
     */
    public static PipelineConnectors deployAll(PipelineExtension pipeline, UnaryOperator<Map<String, String>> sinkConfig) {
        PipelineConfigs configs = pipeline.configs();
        pipeline.deploy(PG_ROWS, sinkConfig.apply(configs.postgresSink(PipelineStream.TRANSACTIONS)));
        pipeline.deploy(PG_ARROW, sinkConfig.apply(configs.postgresSink(PipelineStream.BLOCKS)));
        pipeline.deploy(REDIS_ROWS, sinkConfig.apply(configs.redisSink(PipelineStream.TRANSACTIONS)));
        pipeline.deploy(SOURCE_ROWS, configs.source(PipelineStream.TRANSACTIONS));
        pipeline.deploy(SOURCE_ARROW, configs.source(PipelineStream.BLOCKS));
        return new PipelineConnectors(pipeline);
    }

    /** Every connector name, sources first. */
    public static List<String> names() {
        return List.of(SOURCE_ROWS, SOURCE_ARROW, PG_ROWS, PG_ARROW, REDIS_ROWS);
    }

    /**
     * Waits until every sink has stored the current head block of the canonical chain as complete (with its
     * current hash). Fails early when a connector or task is FAILED.
     */
    public void awaitSinksAtHead(Duration timeout) {
        PipelineTruth truth = pipeline.truth();
        Await.until("every sink at the head, block " + pipeline.amp().chain().head(), timeout,
                () -> truth.postgresAtHead(PG_ROWS, PipelineStream.TRANSACTIONS)
                        && truth.postgresAtHead(PG_ARROW, PipelineStream.BLOCKS)
                        && truth.redisAtHead(REDIS_ROWS, PipelineStream.TRANSACTIONS),
                this::failure);
    }

    /** Waits until PostgreSQL (both tables) and Redis equal the canonical chain; fails listing the differences. */
    public void awaitMatchesCanonicalChain(Duration timeout) {
        PipelineTruth truth = pipeline.truth();
        truth.awaitPostgresMatches(PipelineStream.TRANSACTIONS, timeout);
        truth.awaitPostgresMatches(PipelineStream.BLOCKS, timeout);
        truth.awaitRedisMatches(PipelineStream.TRANSACTIONS, timeout);
    }

    /** A FAILED connector or task, with its trace, or null while none is (a wait gives up on it at once). */
    public String failure() {
        List<String> failed = new ArrayList<>();
        for (String name : names()) {
            try {
                var status = pipeline.rest().status(name);
                if (status.hasFailure()) {
                    failed.add(name + ": " + status.failureTraces());
                }
            } catch (RuntimeException e) {
                // a worker restarting or a rebalance: not a failure of the connector
            }
        }
        return failed.isEmpty() ? null : String.join("\n", failed);
    }
}
