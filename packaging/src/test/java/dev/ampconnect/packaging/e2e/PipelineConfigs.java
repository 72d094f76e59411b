package dev.ampconnect.packaging.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampconnect.testsupport.iceberg.IcebergCatalog;

/**
 * The REST configs of the pipeline's connectors, each starting from the sample config its BUILT Hub zip ships
 * ({@code etc/*.json}, what a user copies), with the endpoints and the test's settings filled in. Every method
 * returns a fresh mutable map, so a test can change a key before deploying.
 */
public final class PipelineConfigs {

    /** The classes the samples name; also what {@code PUT /connector-plugins/<class>/config/validate} takes. */
    public static final String SOURCE_CLASS = "dev.ampconnect.source.flightsql.AmpFlightSqlSourceConnector";
    public static final String POSTGRES_SINK_CLASS = "dev.ampconnect.sink.postgresql.AmpPostgresSinkConnector";
    public static final String REDIS_SINK_CLASS = "dev.ampconnect.sink.redis.AmpRedisSinkConnector";
    public static final String CLICKHOUSE_SINK_CLASS = "dev.ampconnect.sink.clickhouse.AmpClickHouseSinkConnector";
    public static final String ICEBERG_SINK_CLASS = "dev.ampconnect.sink.iceberg.AmpIcebergSinkConnector";

    static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    static final String BYTES_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> sourceSample;
    private final Map<String, String> postgresSample;
    private final Map<String, String> redisSample;
    private final PipelineSettings settings;

    PipelineConfigs(PipelineSettings settings) {
        this.settings = settings;
        this.sourceSample = sample("source-flightsql", "etc/amp-flightsql-source.json");
        this.postgresSample = sample("sink-postgresql", "etc/amp-postgresql-sink.json");
        this.redisSample = sample("sink-redis", "etc/amp-redis-sink.json");
    }

    /** The Hub zips (connector modules) a pipeline installs: the three always, ClickHouse's and Iceberg's if it has them. */
    static List<String> modules(boolean clickHouse, boolean iceberg) {
        List<String> modules = new ArrayList<>(List.of("source-flightsql", "sink-postgresql", "sink-redis"));
        if (clickHouse) {
            modules.add("sink-clickhouse");
        }
        if (iceberg) {
            modules.add("sink-iceberg");
        }
        return modules;
    }

    /**
     * A source connector running {@code stream} alone, in stream mode, against the simulator. With
     * exactly-once on the workers it keeps the sample's {@code exactly.once.support=required} and
     * {@code transaction.boundary=connector}; without, it drops them (a worker without exactly-once refuses them).
     */
    public Map<String, String> source(PipelineStream stream) {
        Map<String, String> c = new LinkedHashMap<>(sourceSample);
        c.keySet().removeIf(k -> k.startsWith("stream."));
        c.put("amp.server.uri", settings.ampUri().toString());
        c.put("mode", "stream");
        c.put("streams", stream.name());
        c.put("stream." + stream.name() + ".query", stream.query());
        c.put("stream." + stream.name() + ".topic", stream.topic());
        c.put("record.format", stream.arrow() ? "arrow" : "rows");
        c.put("key.converter", JSON_CONVERTER);
        c.put("value.converter", stream.arrow() ? BYTES_CONVERTER : JSON_CONVERTER);
        // a reconnect after a worker or server outage must not give up before the outage ends
        c.put("reconnect.max.attempts", "-1");
        c.put("reconnect.backoff.max.ms", "2000");
        if (!settings.exactlyOnceSource()) {
            c.remove("exactly.once.support");
            c.remove("transaction.boundary");
        }
        return c;
    }

    /** A PostgreSQL sink of {@code stream}'s topic into table {@code <stream>} of the test database. */
    public Map<String, String> postgresSink(PipelineStream stream) {
        Map<String, String> c = sinkBase(postgresSample, stream);
        c.put("pg.url", settings.postgres().jdbcUrl());
        c.put("pg.user", settings.postgres().user());
        if (settings.postgres().password() == null || settings.postgres().password().isEmpty()) {
            c.remove("pg.password");
        } else {
            c.put("pg.password", settings.postgres().password());
        }
        c.put("pg.schema", "public");
        return c;
    }

    /**
     * A Redis sink of {@code stream}'s topic as one hash per row, keyed {@code <stream>:<key columns>} (e.g.
     * {@code transactions:42:3}), so the truth check finds every row by its identity.
     */
    public Map<String, String> redisSink(PipelineStream stream) {
        Map<String, String> c = sinkBase(redisSample, stream);
        c.put("redis.host", settings.redis().host());
        c.put("redis.port", Integer.toString(settings.redis().port()));
        c.put("redis.database", Integer.toString(settings.redis().database()));
        c.put("redis.structure", "hash");
        c.put("redis.key.template", PipelineTruth.redisKeyTemplate(stream));
        return c;
    }

    /**
     * A ClickHouse sink of {@code stream}'s topic into table {@code <stream>} of the pipeline's ClickHouse database,
     * ordered by the stream's key columns.
     */
    public Map<String, String> clickHouseSink(PipelineStream stream) {
        if (settings.clickHouse() == null) {
            throw new IllegalStateException("this pipeline has no ClickHouse (PipelineExtension.Builder.withClickHouse)");
        }
        Map<String, String> c = sinkBase(sample("sink-clickhouse", "etc/amp-clickhouse-sink.json"), stream);
        c.put("ch.url", settings.clickHouse().url());
        c.remove("ch.user");
        c.remove("ch.password");
        if (settings.clickHouse().user() != null) {
            c.put("ch.user", settings.clickHouse().user());
        }
        if (settings.clickHouse().password() != null) {
            c.put("ch.password", settings.clickHouse().password());
        }
        c.put("ch.database", settings.clickHouse().name());
        c.put("ch.table.order.by", String.join(", ", stream.keyColumns()));
        return c;
    }

    /**
     * An Iceberg sink of {@code stream}'s topic into table {@code <stream>} of catalog {@code kind}, from the zip's
     * sample for that catalog: REST {@code etc/amp-iceberg-sink.json} (format 2, partitioned by
     * {@code truncate(block_num, 1000000)}), JDBC {@code etc/amp-iceberg-sink-jdbc.json} (format 3).
     */
    public Map<String, String> icebergSink(PipelineStream stream, IcebergCatalog.Kind kind) {
        if (settings.iceberg() == null) {
            throw new IllegalStateException("this pipeline has no Iceberg catalogs (PipelineExtension.Builder.withIceberg)");
        }
        String sample = kind == IcebergCatalog.Kind.REST ? "etc/amp-iceberg-sink.json" : "etc/amp-iceberg-sink-jdbc.json";
        Map<String, String> c = sinkBase(sample("sink-iceberg", sample), stream);
        c.keySet().removeIf(k -> k.startsWith(IcebergCatalog.CONNECTOR_NAME_KEY));
        c.putAll(settings.iceberg().connectorProperties(kind));
        return c;
    }

    /**
     * Adds Connect's dead letter queue to a sink config: {@code errors.tolerance=all}, the topic (replication
     * factor 1 on the one-broker cluster) and the context headers ({@code __connect.errors.*}).
     */
    public static Map<String, String> withDeadLetterQueue(Map<String, String> sinkConfig, String topic) {
        sinkConfig.put("errors.tolerance", "all");
        sinkConfig.put("errors.deadletterqueue.topic.name", topic);
        sinkConfig.put("errors.deadletterqueue.topic.replication.factor", "1");
        sinkConfig.put("errors.deadletterqueue.context.headers.enable", "true");
        return sinkConfig;
    }

    private Map<String, String> sinkBase(Map<String, String> sample, PipelineStream stream) {
        Map<String, String> c = new LinkedHashMap<>(sample);
        c.put("topics", stream.topic());
        c.put("key.converter", JSON_CONVERTER);
        c.put("value.converter", stream.arrow() ? BYTES_CONVERTER : JSON_CONVERTER);
        c.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("consumer.override.isolation.level", settings.sinkIsolationLevel());
        c.put("table.name.format", "${stream}");
        // the scenario waits for the sinks after every step: flush within half a second, not the default 5 s
        c.put("buffer.flush.interval.ms", "500");
        c.put("retry.backoff.max.ms", "5000");
        c.put("reorg.max.depth.blocks", "1000");
        return c;
    }

    /** The built Hub zip of connector module {@code module} in target/hub-zips ({@code <module>-<version>.zip}). */
    static Path hubZip(String module) {
        return BuildOutputs.hubZips().stream()
                .filter(z -> z.getFileName().toString().startsWith(module + "-"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no built Hub zip of " + module + " in "
                        + BuildOutputs.hubZips() + " (run packaging's verify)"));
    }

    private static Map<String, String> sample(String module, String path) {
        Path zip = hubZip(module);
        try {
            JsonNode config = JSON.readTree(HubZipContents.read(zip).text(path)).path("config");
            Map<String, String> map = new LinkedHashMap<>();
            config.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " of " + zip, e);
        }
    }
}
