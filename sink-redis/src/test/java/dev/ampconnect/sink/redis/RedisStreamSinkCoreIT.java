package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.conformance.SinkCoreConformance;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.redis.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core conformance suite against a real redis-server, rows as stream entries. */
class RedisStreamSinkCoreIT extends SinkCoreConformance {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private final RedisProbe probe = new RedisProbe(REDIS::database, RedisStructure.STREAM);

    @Override
    protected SinkProbe probe() {
        return probe;
    }
}
