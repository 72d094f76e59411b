package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.common.sink.conformance.SinkStreamingConformance;

/** The streaming conformance suite against a real PostgreSQL (append mode, keyed scenarios in upsert mode). */
class PostgresSinkStreamingIT extends SinkStreamingConformance {

    private final PostgresProbe probe = new PostgresProbe();

    @Override
    protected SinkProbe probe() {
        return probe;
    }
}
