package dev.ampconnect.sink.redis;

import dev.ampconnect.common.config.ConfigValidation;
import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.AmpSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The amp Redis sink connector. {@code validate()} checks the layout keys against each other, then really
 * connects and PINGs, attaching what fails to the key to fix: the host or port (unreachable, TLS
 * handshake), the user or password (authentication), the database (SELECT refused), and the server's
 * {@code maxmemory-policy} (an {@code allkeys-*} policy may evict the sink's registry).
 */
public class AmpRedisSinkConnector extends AmpSinkConnector {

    @Override
    protected ConfigDef storeConfigDef() {
        return RedisSinkConfig.configDef();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AmpRedisSinkTask.class;
    }

    @Override
    public void start(Map<String, String> props) {
        super.start(props);
        new RedisSinkConfig(props);
        if (new AmpSinkConfig(props).truncateOnFirstWrite()) {
            throw new ConfigException(AmpSinkConfig.TABLE_TRUNCATE_ON_FIRST_WRITE, true, truncateUnsupported());
        }
    }

    @Override
    protected Config validateStore(Map<String, String> connectorConfig, Config config) {
        RedisSinkConfig redis;
        try {
            redis = new RedisSinkConfig(connectorConfig);
        } catch (ConfigException e) {
            String key = ConfigValidation.keyOf(e, RedisSinkConfig.configDef().names(), RedisSinkConfig.STRUCTURE);
            return ConfigValidation.withError(config, key, connectorConfig.get(key), e.getMessage());
        }
        AmpSinkConfig base = new AmpSinkConfig(connectorConfig);
        if (base.truncateOnFirstWrite()) {
            return ConfigValidation.withError(config, AmpSinkConfig.TABLE_TRUNCATE_ON_FIRST_WRITE, true, truncateUnsupported());
        }
        String where = (redis.tlsEnabled() ? "rediss://" : "redis://") + redis.host() + ":" + redis.port() + "/"
                + redis.database();
        try (Jedis jedis = RedisConnections.single(redis, "amp-connect validate")) {
            String pong = jedis.ping();
            if (!"PONG".equals(pong)) {
                return ConfigValidation.withError(config, RedisSinkConfig.HOST, redis.host(), where + " answered PING with "
                        + pong + " instead of PONG");
            }
            return checkEvictionPolicy(jedis, where, redis, config);
        } catch (JedisAccessControlException e) {
            String key = redis.password() == null ? (redis.user() == null ? RedisSinkConfig.PASSWORD : RedisSinkConfig.USER)
                    : RedisSinkConfig.PASSWORD;
            return ConfigValidation.withError(config, key, null, "cannot authenticate to " + where + " as "
                    + (redis.user() == null ? "the default user" : "ACL user '" + redis.user() + "'") + ": "
                    + RedisErrors.describe(e));
        } catch (JedisConnectionException e) {
            return ConfigValidation.withError(config, RedisSinkConfig.HOST, redis.host(), "cannot connect to " + where
                    + (redis.tlsEnabled() ? " with TLS" : "") + ": " + RedisErrors.describe(e));
        } catch (JedisDataException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            String key = message.contains("DB index") ? RedisSinkConfig.DATABASE
                    : message.startsWith("NOPERM") ? RedisSinkConfig.USER : RedisSinkConfig.HOST;
            return ConfigValidation.withError(config, key, null, where + " refused the connection: " + message);
        } catch (JedisException e) {
            return ConfigValidation.withError(config, RedisSinkConfig.HOST, redis.host(), "cannot use " + where + ": "
                    + RedisErrors.describe(e));
        }
    }

    /**
     * An {@code allkeys-*} eviction policy may evict registry or pre-image keys, after which a reorg cannot be
     * undone exactly. Servers that refuse {@code CONFIG GET} (managed services, ACLs) are not checked.
     */
    private static Config checkEvictionPolicy(Jedis jedis, String where, RedisSinkConfig redis, Config config) {
        Map<String, String> policy;
        try {
            policy = jedis.configGet("maxmemory-policy");
        } catch (JedisDataException e) {
            return config;
        }
        String value = policy.get("maxmemory-policy");
        if (value != null && value.startsWith("allkeys-")) {
            return ConfigValidation.withError(config, RedisSinkConfig.HOST, redis.host(), where + " runs with maxmemory-policy "
                    + value + ", which may evict the sink's offsets, registry and pre-images (their keys have no TTL); use"
                    + " noeviction or a volatile-* policy");
        }
        return config;
    }

    private static String truncateUnsupported() {
        return "the Redis sink does not support " + AmpSinkConfig.TABLE_TRUNCATE_ON_FIRST_WRITE + ": the keys of a table"
                + " cannot be found without SCAN";
    }
}
