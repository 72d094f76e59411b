package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.conformance.SinkCoreConformance;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.testsupport.postgres.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The core conformance suite against a real PostgreSQL, in each commit scope: UNIT (production) and, through
 * {@code pg.commit.scope}, the TABLE and IDEMPOTENT scopes the Iceberg and ClickHouse sinks rely on.
 */
@ParameterizedClass(name = "{0} scope")
@EnumSource(CommitScope.class)
class PostgresSinkCoreIT extends SinkCoreConformance {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @Parameter
    CommitScope scope;

    private PostgresProbe probe;

    @Override
    protected SinkProbe probe() {
        if (probe == null) {
            probe = new PostgresProbe(PG.database(), scope);
        }
        return probe;
    }
}
