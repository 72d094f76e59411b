package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.conformance.SinkCoreConformance;
import dev.ampconnect.common.sink.conformance.SinkProbe;

/** The core conformance suite against a real PostgreSQL. */
class PostgresSinkCoreIT extends SinkCoreConformance {

    private final PostgresProbe probe = new PostgresProbe();

    @Override
    protected SinkProbe probe() {
        return probe;
    }
}
