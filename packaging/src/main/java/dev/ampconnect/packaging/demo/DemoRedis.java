package dev.ampconnect.packaging.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.ampconnect.packaging.cluster.Await;
import dev.ampconnect.packaging.cluster.FreePorts;
import redis.clients.jedis.Jedis;

/**
 * A {@code redis-server} from {@code PATH} as a child process on a free loopback port, without persistence, for
 * the demo's optional Redis sink. Stopped with SIGTERM; a shutdown hook kills it should the demo's JVM end
 * without an orderly stop.
 */
public final class DemoRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final int port;

    private DemoRedis(Process process, int port) {
        this.process = process;
        this.port = port;
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-demo-redis"));
    }

    /** {@code redis-server} on {@code PATH}, if there is one. */
    public static Optional<Path> executable() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts {@code executable} with its files in {@code dir} and waits until it answers PING. */
    public static DemoRedis start(Path executable, Path dir) throws IOException {
        Files.createDirectories(dir);
        int port = FreePorts.next();
        Process process = new ProcessBuilder(List.of(executable.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", dir.toAbsolutePath().toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        DemoRedis redis = new DemoRedis(process, port);
        try {
            Await.until("redis-server on port " + port + " answering PING", START_TIMEOUT,
                    () -> "PONG".equals(redis.call(Jedis::ping)),
                    () -> process.isAlive() ? null : "redis-server exited with " + process.exitValue()
                            + "; see " + dir.resolve("redis.log"));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The {@code redis-cli} command line that opens it. */
    public String cliCommand() {
        return "redis-cli -p " + port;
    }

    /** Runs {@code command} on a fresh connection. */
    public <T> T call(java.util.function.Function<Jedis, T> command) {
        try (Jedis client = new Jedis("127.0.0.1", port, 2000)) {
            return command.apply(client);
        }
    }

    /** SIGTERM (redis-server exits cleanly on it), SIGKILL after a grace period. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
