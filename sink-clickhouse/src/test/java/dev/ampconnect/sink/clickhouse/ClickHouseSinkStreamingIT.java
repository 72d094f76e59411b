package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.sink.conformance.SinkStreamingConformance;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.clickhouse.ClickHouseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming conformance suite against a real ClickHouse engine (test-support's: the chdb front end, a server in
 * AMP_TEST_CLICKHOUSE_URL, or a container), the store in its only scope, IDEMPOTENT.
 */
class ClickHouseSinkStreamingIT extends SinkStreamingConformance {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private ClickHouseProbe probe;

    @Override
    protected SinkProbe probe() {
        if (probe == null) {
            probe = new ClickHouseProbe(CLICKHOUSE.database());
        }
        return probe;
    }
}
