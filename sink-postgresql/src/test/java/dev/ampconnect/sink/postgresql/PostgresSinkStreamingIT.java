package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.postgres.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.ampconnect.common.sink.conformance.SinkStreamingConformance;

/** The streaming conformance suite against a real PostgreSQL (append mode, keyed scenarios in upsert mode). */
class PostgresSinkStreamingIT extends SinkStreamingConformance {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private PostgresProbe probe;

    @Override
    protected SinkProbe probe() {
        if (probe == null) {
            probe = new PostgresProbe(PG.database());
        }
        return probe;
    }
}
