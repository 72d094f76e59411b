package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.conformance.SinkCoreConformance;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.postgres.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core conformance suite against a real PostgreSQL. */
class PostgresSinkCoreIT extends SinkCoreConformance {

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
