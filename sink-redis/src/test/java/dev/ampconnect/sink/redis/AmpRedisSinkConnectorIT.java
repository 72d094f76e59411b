package dev.ampconnect.sink.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.config.ConfigValidation;
import dev.ampconnect.common.sink.conformance.ChainStream;
import dev.ampconnect.common.sink.conformance.SinkTaskDriver;
import dev.ampconnect.common.sink.conformance.TopicLog;
import dev.ampconnect.testsupport.FreePort;
import dev.ampconnect.testsupport.redis.RedisExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * {@code validate()} against real servers: it PINGs, and attaches what fails to the key to fix
 * (unreachable host, bad password, a layout missing a key, an unsupported base option, an eviction
 * policy that may evict the registry); the connector declares exactly one ConfigDef per key.
 */
class AmpRedisSinkConnectorIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static Map<String, String> config(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(RedisProbe.config(REDIS.database(), RedisStructure.HASH));
        config.put("name", "validate");
        config.put("topics", "t");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.putAll(extra);
        return config;
    }

    private static Config validate(Map<String, String> config) {
        return new AmpRedisSinkConnector().validate(config);
    }

    @Test
    void aReachableServerValidatesWithoutErrors() {
        Config result = validate(config(Map.of()));
        assertFalse(ConfigValidation.hasErrors(result), result.configValues().toString());
    }

    @Test
    void anUnreachablePortIsAttachedToTheHost() {
        Config result = validate(config(Map.of(RedisSinkConfig.PORT, Integer.toString(FreePort.pick()),
                RedisSinkConfig.TIMEOUT_MS, "1000")));
        List<String> errors = ConfigValidation.errorsOf(result, RedisSinkConfig.HOST);
        assertEquals(1, errors.size(), result.configValues().toString());
        assertTrue(errors.get(0).contains("cannot connect to redis://"), errors.get(0));
    }

    @Test
    void aWrongPasswordIsAttachedToThePassword() {
        try (Jedis redis = REDIS.database().connect()) {
            redis.aclSetUser("sink", "on", ">right", "~*", "&*", "+@all");
        }
        Config result = validate(config(Map.of(RedisSinkConfig.USER, "sink", RedisSinkConfig.PASSWORD, "wrong")));
        List<String> errors = ConfigValidation.errorsOf(result, RedisSinkConfig.PASSWORD);
        assertEquals(1, errors.size(), result.configValues().toString());
        assertTrue(errors.get(0).contains("ACL user 'sink'"), errors.get(0));
        assertFalse(ConfigValidation.hasErrors(validate(config(Map.of(RedisSinkConfig.USER, "sink",
                RedisSinkConfig.PASSWORD, "right")))), "the right password of the ACL user validates");
    }

    @Test
    void aSortedSetWithoutScoreFieldIsAttachedToTheScoreField() {
        Config result = validate(config(Map.of(RedisSinkConfig.STRUCTURE, "zset", RedisSinkConfig.MEMBER_TEMPLATE, "${a}")));
        assertEquals(1, ConfigValidation.errorsOf(result, RedisSinkConfig.SCORE_FIELD).size(), result.configValues().toString());
    }

    @Test
    void truncateOnFirstWriteIsRefusedBecauseATablesKeysCannotBeFoundWithoutScan() {
        Config result = validate(config(Map.of("table.truncate.on.first.write", "true")));
        assertEquals(1, ConfigValidation.errorsOf(result, "table.truncate.on.first.write").size());
    }

    @Test
    void anAllKeysEvictionPolicyIsRefused() {
        try (Jedis redis = REDIS.database().connect()) {
            String before = redis.configGet("maxmemory-policy").get("maxmemory-policy");
            redis.configSet("maxmemory-policy", "allkeys-lru");
            try {
                List<String> errors = ConfigValidation.errorsOf(validate(config(Map.of())), RedisSinkConfig.HOST);
                assertEquals(1, errors.size());
                assertTrue(errors.get(0).contains("allkeys-lru"), errors.get(0));
            } finally {
                redis.configSet("maxmemory-policy", before);
            }
        }
    }

    @Test
    void aTaskWritesAsAnAclUserWithAPassword() {
        try (Jedis redis = REDIS.database().connect()) {
            redis.aclSetUser("writer", "on", ">s3cret", "~*", "&*", "+@all");
        }
        TopicLog log = new TopicLog();
        new ChainStream(log, "t", "blocks", "eth").batch(100, 101, 1);
        Map<String, String> config = config(Map.of(RedisSinkConfig.USER, "writer", RedisSinkConfig.PASSWORD, "s3cret"));
        SinkTaskDriver driver = new SinkTaskDriver(new AmpRedisSinkTask(), config, log, Set.of(new TopicPartition("t", 0)))
                .start();
        driver.deliver().commit();
        driver.stop();
        try (Jedis redis = REDIS.database().connect()) {
            assertEquals("3", redis.hget("amp:{validate}:offsets", "next:t:0"));
            assertEquals("eth:100:0", redis.hget("t:t:0:0:0", "id"));
        }
    }

    @Test
    void theConfigDeclaresEveryRedisKeyOnceWithDocumentation() {
        ConfigDef def = new AmpRedisSinkConnector().config();
        for (String key : RedisSinkConfig.configDef().names()) {
            ConfigDef.ConfigKey declared = def.configKeys().get(key);
            assertTrue(declared != null && declared.documentation != null && !declared.documentation.isBlank(), key);
        }
        assertEquals(ConfigDef.Type.PASSWORD, def.configKeys().get(RedisSinkConfig.PASSWORD).type);
    }
}
