package dev.ampconnect.sink.redis;

import dev.ampconnect.testsupport.FreePort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A {@code redis-server} (from PATH) listening only on a TLS port, with a certificate for localhost and
 * 127.0.0.1 generated for the test by the JDK's keytool (the key is written as PEM from the PKCS12 store,
 * so no openssl is needed), and a trust store clients use. Stopped (and its files deleted) on close.
 */
final class TlsServer implements AutoCloseable {

    static final String STORE_PASSWORD = "changeit";
    private static final Duration READY = Duration.ofSeconds(15);

    private final Path directory;
    private final Process process;
    private final int port;

    private TlsServer(Path directory, Process process, int port) {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /** Whether a redis-server with TLS support is on PATH. */
    static boolean available() {
        try {
            Process probe = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return probe.waitFor() == 0 && version.contains("Redis server");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static TlsServer start() throws IOException, InterruptedException, GeneralSecurityException {
        Path directory = Files.createTempDirectory("amp-redis-tls-");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path serverStore = directory.resolve("server.p12");
        run(keytool, "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", serverStore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        Path cert = directory.resolve("cert.pem");
        run(keytool, "-exportcert", "-rfc", "-alias", "redis", "-keystore", serverStore.toString(), "-storepass",
                STORE_PASSWORD, "-file", cert.toString());
        run(keytool, "-importcert", "-noprompt", "-alias", "redis-ca", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", directory.resolve("trust.p12").toString(), "-storepass", STORE_PASSWORD);
        Path key = directory.resolve("key.pem");
        Files.writeString(key, privateKeyPem(serverStore));

        int port = FreePort.pick();
        Process process = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no", "--save", "", "--appendonly", "no",
                "--dir", directory.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
        TlsServer server = new TlsServer(directory, process, port);
        server.awaitReady();
        return server;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static String privateKeyPem(Path store) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        Key key = keys.getKey("redis", STORE_PASSWORD.toCharArray());
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server with TLS exited: " + log());
            }
            try (Jedis jedis = connect()) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("redis-server with TLS did not answer PING: " + log(), last);
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    int port() {
        return port;
    }

    Path truststore() {
        return directory.resolve("trust.p12");
    }

    /** A TLS client trusting the test certificate. */
    Jedis connect() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(truststore())) {
                trust.load(in, STORE_PASSWORD.toCharArray());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true)
                    .sslSocketFactory(context.getSocketFactory()).timeoutMillis(2_000).build());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
