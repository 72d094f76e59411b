package dev.ampconnect.testsupport.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.ampconnect.testsupport.FreePort;
import dev.ampconnect.testsupport.process.ChildProcesses;

/**
 * The chdb HTTP front end ({@code chdb/chdb-http-server.js} in this package's resources) run by
 * {@code node} as a child process on a free loopback port: the ClickHouse engine in process, behind the
 * ClickHouse HTTP interface, with its data in a temporary directory deleted on stop. The child exits when
 * its standard input closes, so it does not outlive this JVM even after a {@code kill -9}.
 */
final class ChdbFrontEnd implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final OutputStream keepAlive;
    private final Path directory;
    private final int port;
    private long startMillis;

    private ChdbFrontEnd(Process process, Path directory, int port) {
        this.process = process;
        this.keepAlive = process.getOutputStream();
        this.directory = directory;
        this.port = port;
    }

    /** Starts the front end over the chdb in {@code nodeModules} and waits until it answers {@code /ping}. */
    static ChdbFrontEnd start(Path nodeModules) throws IOException {
        Path directory = Files.createTempDirectory("amp-chdb-");
        try {
            Path script = directory.resolve("chdb-http-server.js");
            Files.write(script, ChdbInstallation.resource("chdb-http-server.js"));
            Path node = ChdbInstallation.executableOnPath("node")
                    .orElseThrow(() -> new IOException("no `node` on PATH"));
            for (int attempt = 1; ; attempt++) {
                int port = FreePort.pick();
                Path log = directory.resolve("chdb-http-" + port + ".log");
                long started = System.nanoTime();
                ProcessBuilder builder = new ProcessBuilder(List.of(node.toString(), script.toString(),
                        "--port", Integer.toString(port), "--host", HOST,
                        "--data", directory.resolve("data-" + port).toString()))
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().put("NODE_PATH", nodeModules.toString());
                ChdbFrontEnd frontEnd = new ChdbFrontEnd(builder.start(), directory, port);
                String failure = frontEnd.awaitReady(log);
                if (failure == null) {
                    frontEnd.startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    return frontEnd;
                }
                frontEnd.stopProcess();
                if (!failure.contains("EADDRINUSE") || attempt == PORT_ATTEMPTS) {
                    throw new IOException("the chdb front end did not start on " + HOST + ":" + port + ": " + failure);
                }
            }
        } catch (IOException | RuntimeException e) {
            ChildProcesses.deleteQuietly(directory);
            throw e;
        }
    }

    /** Null when ready, else what went wrong (exit with its output, or timeout). */
    private String awaitReady(Path log) {
        ClickHouseHttp http = new ClickHouseHttp(endpoint(), null, null);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                return "node exited with status " + process.exitValue() + "; output:\n" + ChildProcesses.tail(log, 30);
            }
            if (http.ping(Duration.ofSeconds(1))) {
                return null;
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for it to answer /ping";
            }
        }
        return "no /ping answer within " + READY_TIMEOUT + "; output:\n" + ChildProcesses.tail(log, 30);
    }

    URI endpoint() {
        return URI.create("http://" + HOST + ":" + port);
    }

    /** How long the last start took until {@code /ping} answered (node start, engine load, session open). */
    long startMillis() {
        return startMillis;
    }

    @Override
    public void close() {
        stopProcess();
        ChildProcesses.deleteQuietly(directory);
    }

    /** Closing stdin asks the front end to finish the request in flight, close the engine and exit. */
    private void stopProcess() {
        try {
            keepAlive.close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        ChildProcesses.awaitExit(process, STOP_TIMEOUT);
    }
}
