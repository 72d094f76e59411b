package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.conformance.SinkFaultConformance;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.redis.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The fault-injection conformance suite against a real redis-server, rows as hashes, strings of JSON and stream entries (UNIT scope). */
@ParameterizedClass(name = "{0}")
@EnumSource(value = RedisStructure.class, names = {"HASH", "STRING", "STREAM"})
class RedisSinkFaultIT extends SinkFaultConformance {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @Parameter
    RedisStructure structure;

    private RedisProbe probe;

    @Override
    protected SinkProbe probe() {
        if (probe == null) {
            probe = new RedisProbe(REDIS::database, structure);
        }
        return probe;
    }
}
