package dev.ampconnect.sink.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The task's Jedis pool: host, port, database, ACL user and password, TLS (trust store, optional client
 * key store, host name verification) and timeouts from the {@code redis.*} keys.
 */
final class RedisConnections implements AutoCloseable {

    private final JedisPool pool;
    private final String endpoint;

    private RedisConnections(JedisPool pool, String endpoint) {
        this.pool = pool;
        this.endpoint = endpoint;
    }

    /** A pool for {@code config}; connections are opened lazily. */
    static RedisConnections of(RedisSinkConfig config, String clientName) {
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(config.poolMaxTotal());
        poolConfig.setMaxIdle(config.poolMaxTotal());
        poolConfig.setMinIdle(0);
        poolConfig.setTestOnBorrow(false);
        poolConfig.setMaxWait(Duration.ofMillis(config.timeoutMs()));
        return new RedisConnections(new JedisPool(poolConfig, new HostAndPort(config.host(), config.port()),
                clientConfig(config, clientName)), (config.tlsEnabled() ? "rediss://" : "redis://") + config.host() + ":"
                + config.port() + "/" + config.database());
    }

    /** One connection outside any pool (validate()). */
    static Jedis single(RedisSinkConfig config, String clientName) {
        return new Jedis(new HostAndPort(config.host(), config.port()), clientConfig(config, clientName));
    }

    static JedisClientConfig clientConfig(RedisSinkConfig config, String clientName) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(config.timeoutMs())
                .socketTimeoutMillis(config.timeoutMs())
                .database(config.database())
                .clientName(clientName.replaceAll("[^A-Za-z0-9._-]", "_"))
                .user(config.user())
                .password(config.password());
        if (config.tlsEnabled()) {
            builder.ssl(true).sslSocketFactory(sslContext(config).getSocketFactory());
            if (config.hostnameVerification()) {
                SSLParameters parameters = new SSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                builder.sslParameters(parameters);
            }
        }
        return builder.build();
    }

    private static SSLContext sslContext(RedisSinkConfig config) {
        try {
            TrustManagerFactory trust = null;
            if (config.truststoreLocation() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(RedisSinkConfig.TLS_TRUSTSTORE_LOCATION, config.truststoreLocation(), config.truststoreType(),
                        config.truststorePassword()));
            }
            KeyManagerFactory keys = null;
            if (config.keystoreLocation() != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password = config.keystorePassword() == null ? new char[0] : config.keystorePassword().toCharArray();
                keys.init(load(RedisSinkConfig.TLS_KEYSTORE_LOCATION, config.keystoreLocation(), config.keystoreType(),
                        config.keystorePassword()), password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(RedisSinkConfig.TLS_ENABLED, true, "cannot set up TLS: " + e.getMessage());
        }
    }

    private static KeyStore load(String key, String location, String type, String password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot read the " + type + " store: " + e.getMessage());
        }
    }

    /** A pooled connection; the caller closes it (returning it to the pool). */
    Jedis borrow() {
        return pool.getResource();
    }

    /** {@code redis[s]://host:port/db}, safe to log. */
    String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        pool.close();
    }
}
