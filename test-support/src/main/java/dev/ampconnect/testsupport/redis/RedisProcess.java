package dev.ampconnect.testsupport.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import redis.clients.jedis.Jedis;

import dev.ampconnect.testsupport.FreePort;
import dev.ampconnect.testsupport.process.ChildProcesses;

/**
 * A {@code redis-server} executable run as a child process on a free loopback port, without
 * persistence ({@code --save '' --appendonly no}), in a temporary directory that is deleted on stop.
 * Its output goes to {@code redis.log} in that directory and is quoted when it fails to start.
 */
final class RedisProcess implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path directory;
    private final int port;

    private RedisProcess(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /**
     * Starts {@code executable} and waits until it answers {@code PING}. Retries on a new port if the
     * picked one was taken in the meantime.
     */
    static RedisProcess start(Path executable) throws IOException {
        Path directory = Files.createTempDirectory("amp-redis-");
        try {
            for (int attempt = 1; ; attempt++) {
                int port = FreePort.pick();
                Path log = directory.resolve("redis-" + port + ".log");
                Process process = new ProcessBuilder(List.of(executable.toString(),
                        "--port", Integer.toString(port), "--bind", HOST,
                        "--save", "", "--appendonly", "no", "--daemonize", "no",
                        "--dir", directory.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                RedisProcess started = new RedisProcess(process, directory, port);
                String failure = started.awaitReady(log);
                if (failure == null) {
                    return started;
                }
                started.stopProcess();
                if (!failure.contains("Address already in use") || attempt == PORT_ATTEMPTS) {
                    throw new IOException(executable + " did not start on " + HOST + ":" + port + ": " + failure);
                }
            }
        } catch (IOException | RuntimeException e) {
            ChildProcesses.deleteQuietly(directory);
            throw e;
        }
    }

    /** Null when ready, else what went wrong (exit with log tail, or timeout). */
    private String awaitReady(Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                return "exited with status " + process.exitValue() + "; output:\n" + ChildProcesses.tail(log, 20);
            }
            try (Jedis client = new Jedis(HOST, port, 500)) {
                if ("PONG".equals(client.ping())) {
                    return null;
                }
            } catch (RuntimeException notYetListening) {
                // the server has not bound its port yet: poll again
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for it to answer PING";
            }
        }
        return "no PING answer within " + READY_TIMEOUT + "; output:\n" + ChildProcesses.tail(log, 20);
    }

    String host() {
        return HOST;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        stopProcess();
        ChildProcesses.deleteQuietly(directory);
    }

    private void stopProcess() {
        process.destroy();
        ChildProcesses.awaitExit(process, STOP_TIMEOUT);
    }
}
