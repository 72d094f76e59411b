package dev.ampconnect.sink.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ampconnect.common.config.ConfigValidation;
import dev.ampconnect.common.sink.conformance.ChainStream;
import dev.ampconnect.common.sink.conformance.SinkTaskDriver;
import dev.ampconnect.common.sink.conformance.TopicLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * TLS end to end: a redis-server that only listens on {@code --tls-port} with a test-generated certificate,
 * an ACL user with a password; validate() and a task connect with redis.tls.enabled, the trust store and
 * host name verification. (Skipped when no redis-server is on PATH: the bundled 6.2 fallback has no TLS.)
 */
class RedisTlsIT {

    private static TlsServer server;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(TlsServer.available(), "no redis-server on PATH");
        server = TlsServer.start();
        try (Jedis redis = server.connect()) {
            redis.aclSetUser("sink", "on", ">tls-secret", "~*", "&*", "+@all");
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> config(String password) {
        Map<String, String> config = new HashMap<>();
        config.put("name", "tls");
        config.put("topics", "t");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put(RedisSinkConfig.HOST, "localhost");
        config.put(RedisSinkConfig.PORT, Integer.toString(server.port()));
        config.put(RedisSinkConfig.TLS_ENABLED, "true");
        config.put(RedisSinkConfig.TLS_TRUSTSTORE_LOCATION, server.truststore().toString());
        config.put(RedisSinkConfig.TLS_TRUSTSTORE_PASSWORD, TlsServer.STORE_PASSWORD);
        config.put(RedisSinkConfig.USER, "sink");
        config.put(RedisSinkConfig.PASSWORD, password);
        return config;
    }

    @Test
    void validateConnectsWithTlsAndTheAclUser() {
        Config valid = new AmpRedisSinkConnector().validate(config("tls-secret"));
        assertFalse(ConfigValidation.hasErrors(valid), valid.configValues().toString());
        Config wrong = new AmpRedisSinkConnector().validate(config("nope"));
        assertEquals(1, ConfigValidation.errorsOf(wrong, RedisSinkConfig.PASSWORD).size(), wrong.configValues().toString());
    }

    @Test
    void withoutTheTrustStoreTheHandshakeFailsOnTheHost() {
        Map<String, String> config = config("tls-secret");
        config.remove(RedisSinkConfig.TLS_TRUSTSTORE_LOCATION);
        List<String> errors = ConfigValidation.errorsOf(new AmpRedisSinkConnector().validate(config), RedisSinkConfig.HOST);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("with TLS"), errors.get(0));
    }

    @Test
    void aTaskWritesOverTls() {
        TopicLog log = new TopicLog();
        new ChainStream(log, "t", "blocks", "eth").batch(100, 102, 2);
        SinkTaskDriver driver = new SinkTaskDriver(new AmpRedisSinkTask(), config("tls-secret"), log,
                Set.of(new TopicPartition("t", 0))).start();
        driver.deliver().commit();
        driver.stop();
        try (Jedis redis = server.connect()) {
            assertEquals("7", redis.hget("amp:{tls}:offsets", "next:t:0"));
            assertEquals("eth:102:1", redis.hget("t:t:0:5:0", "id"));
        }
    }
}
