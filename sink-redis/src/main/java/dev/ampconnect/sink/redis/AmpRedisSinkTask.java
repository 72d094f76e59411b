package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.AmpSinkTask;
import dev.ampconnect.common.sink.store.SinkStore;
import java.util.Map;

/** The Redis sink task: the shared sink base over a {@link RedisStore}. */
public class AmpRedisSinkTask extends AmpSinkTask {

    @Override
    protected SinkStore createStore(AmpSinkConfig config, Map<String, String> props) {
        RedisSinkConfig redis = new RedisSinkConfig(props);
        String name = config.connectorName();
        return new RedisStore(RedisConnections.of(redis, "amp-connect " + name), new StateKeys(redis.statePrefix(), name),
                RedisLayout.of(redis, name), config.autoCreate(), config.autoEvolve());
    }
}
