package dev.ampconnect.packaging.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.ampconnect.packaging.cluster.Await;
import dev.ampconnect.packaging.cluster.ConditionTimeoutException;
import dev.ampconnect.testsupport.iceberg.IcebergCatalog;

/**
 * The standard deployment of the pipeline, five connectors created through REST, plus a ClickHouse sink and two
 * Iceberg sinks when the pipeline has those stores ({@link PipelineExtension.Builder#withClickHouse()},
 * {@link PipelineExtension.Builder#withIceberg()}):
 *
 * <table>
 * <caption>connectors</caption>
 * <tr><th>name</th><th>what</th></tr>
 * <tr><td>{@value #SOURCE_ROWS}</td><td>source, stream {@code transactions}, {@code record.format=rows} (JSON)</td></tr>
 * <tr><td>{@value #SOURCE_ARROW}</td><td>source, stream {@code blocks}, {@code record.format=arrow} (bytes)</td></tr>
 * <tr><td>{@value #PG_ROWS}</td><td>PostgreSQL sink of the transactions topic, table {@code transactions}</td></tr>
 * <tr><td>{@value #PG_ARROW}</td><td>PostgreSQL sink of the blocks topic (Arrow IPC), table {@code blocks}</td></tr>
 * <tr><td>{@value #REDIS_ROWS}</td><td>Redis sink of the transactions topic, hashes {@code transactions:<block>:<tx>}</td></tr>
 * <tr><td>{@value #CLICKHOUSE_ROWS}</td><td>ClickHouse sink of the transactions topic, table {@code transactions}</td></tr>
 * <tr><td>{@value #ICEBERG_ROWS}</td><td>Iceberg sink of the transactions topic on the REST catalog, table
 *     {@code transactions} (format 2, partitioned)</td></tr>
 * <tr><td>{@value #ICEBERG_ARROW}</td><td>Iceberg sink of the blocks topic (Arrow IPC) on the JDBC catalog in the
 *     pipeline's PostgreSQL, table {@code blocks} (format 3)</td></tr>
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
    public static final String CLICKHOUSE_ROWS = "ch-transactions";
    public static final String ICEBERG_ROWS = "iceberg-transactions";
    public static final String ICEBERG_ARROW = "iceberg-blocks";

    private final PipelineExtension pipeline;

    private PipelineConnectors(PipelineExtension pipeline) {
        this.pipeline = pipeline;
    }

    /** Deploys all five connectors with the fixture's configs. */
    public static PipelineConnectors deployAll(PipelineExtension pipeline) {
        return deployAll(pipeline, UnaryOperator.identity());
    }

    /**
     * Deploys every connector of the pipeline (class comment), every sink config passed through {@code sinkConfig}
     * first (e.g. {@code c -> PipelineConfigs.withDeadLetterQueue(c, "dlq")}). Sinks first, so no record waits for
     * them.
     */
    public static PipelineConnectors deployAll(PipelineExtension pipeline, UnaryOperator<Map<String, String>> sinkConfig) {
        PipelineConfigs configs = pipeline.configs();
        pipeline.deploy(PG_ROWS, sinkConfig.apply(configs.postgresSink(PipelineStream.TRANSACTIONS)));
        pipeline.deploy(PG_ARROW, sinkConfig.apply(configs.postgresSink(PipelineStream.BLOCKS)));
        pipeline.deploy(REDIS_ROWS, sinkConfig.apply(configs.redisSink(PipelineStream.TRANSACTIONS)));
        if (pipeline.clickHouse() != null) {
            pipeline.deploy(CLICKHOUSE_ROWS, sinkConfig.apply(configs.clickHouseSink(PipelineStream.TRANSACTIONS)));
        }
        if (pipeline.iceberg() != null) {
            pipeline.deploy(ICEBERG_ROWS, sinkConfig.apply(configs.icebergSink(PipelineStream.TRANSACTIONS,
                    IcebergCatalog.Kind.REST)));
            pipeline.deploy(ICEBERG_ARROW, sinkConfig.apply(configs.icebergSink(PipelineStream.BLOCKS,
                    IcebergCatalog.Kind.JDBC)));
        }
        pipeline.deploy(SOURCE_ROWS, configs.source(PipelineStream.TRANSACTIONS));
        pipeline.deploy(SOURCE_ARROW, configs.source(PipelineStream.BLOCKS));
        return new PipelineConnectors(pipeline);
    }

    /** Every connector name of this deployment, sources first. */
    public List<String> names() {
        List<String> names = new ArrayList<>(List.of(SOURCE_ROWS, SOURCE_ARROW));
        names.addAll(sinks());
        return names;
    }

    /** Every sink connector name of this deployment. */
    public List<String> sinks() {
        List<String> sinks = new ArrayList<>(List.of(PG_ROWS, PG_ARROW, REDIS_ROWS));
        if (pipeline.clickHouse() != null) {
            sinks.add(CLICKHOUSE_ROWS);
        }
        if (pipeline.iceberg() != null) {
            sinks.addAll(List.of(ICEBERG_ROWS, ICEBERG_ARROW));
        }
        return sinks;
    }

    /**
     * Waits until every sink has stored the current head block of the canonical chain as complete (with its
     * current hash). Fails early when a connector or task is FAILED.
     */
    public void awaitSinksAtHead(Duration timeout) {
        long head = pipeline.amp().chain().head();
        String[] lagging = {null};
        try {
            Await.until("every sink at the head, block " + head, timeout, () -> {
                // in order, stopping at the first one behind: every probe of a store costs it a query
                lagging[0] = sinks().stream().filter(sink -> !atHead(sink)).findFirst().orElse(null);
                return lagging[0] == null;
            }, this::failure);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the first sink behind at the last probe: " + lagging[0], e);
        }
    }

    /** Whether sink {@code connector} has stored the current head (block and hash) as complete. */
    private boolean atHead(String connector) {
        PipelineTruth truth = pipeline.truth();
        return switch (connector) {
            case PG_ROWS -> truth.postgresAtHead(PG_ROWS, PipelineStream.TRANSACTIONS);
            case PG_ARROW -> truth.postgresAtHead(PG_ARROW, PipelineStream.BLOCKS);
            case REDIS_ROWS -> truth.redisAtHead(REDIS_ROWS, PipelineStream.TRANSACTIONS);
            case CLICKHOUSE_ROWS -> truth.clickHouseAtHead(CLICKHOUSE_ROWS, PipelineStream.TRANSACTIONS);
            case ICEBERG_ROWS -> truth.icebergAtHead(IcebergCatalog.Kind.REST, ICEBERG_ROWS, PipelineStream.TRANSACTIONS);
            case ICEBERG_ARROW -> truth.icebergAtHead(IcebergCatalog.Kind.JDBC, ICEBERG_ARROW, PipelineStream.BLOCKS);
            default -> throw new IllegalArgumentException("not a sink of the deployment: " + connector);
        };
    }

    /** Waits until every store (PostgreSQL's two tables, Redis, ClickHouse, both Iceberg tables) equals the canonical chain. */
    public void awaitMatchesCanonicalChain(Duration timeout) {
        PipelineTruth truth = pipeline.truth();
        truth.awaitPostgresMatches(PipelineStream.TRANSACTIONS, timeout);
        truth.awaitPostgresMatches(PipelineStream.BLOCKS, timeout);
        truth.awaitRedisMatches(PipelineStream.TRANSACTIONS, timeout);
        if (pipeline.clickHouse() != null) {
            truth.awaitClickHouseMatches(PipelineStream.TRANSACTIONS, timeout);
        }
        if (pipeline.iceberg() != null) {
            truth.awaitIcebergMatches(IcebergCatalog.Kind.REST, PipelineStream.TRANSACTIONS, timeout);
            truth.awaitIcebergMatches(IcebergCatalog.Kind.JDBC, PipelineStream.BLOCKS, timeout);
        }
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
