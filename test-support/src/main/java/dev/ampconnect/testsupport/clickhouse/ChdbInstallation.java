package dev.ampconnect.testsupport.clickhouse;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ampconnect.testsupport.EnvironmentOverride;
import dev.ampconnect.testsupport.process.ChildProcesses;

/**
 * The npm package {@code chdb} (the ClickHouse engine as a library, ~550 MB with its native library) in a
 * cache directory outside the repository, installed on first use with {@code npm install} and reused by
 * every later run. The pinned version is {@code chdb/package.json} in this package's resources; the cache
 * counts as installed when its {@value #MARKER} holds exactly that file (a changed pin reinstalls).
 *
 * <p>Where: {@code AMP_TEST_CHDB_DIR} (or {@code -Damp.test.chdb.dir}), default
 * {@code ~/.cache/amp-connect/chdb}. {@code .ci/run} installs into the same place before the tests, so
 * CI logs the install on its own; a developer's first {@code ./mvnw verify} installs it here, once, under a
 * file lock (concurrent test JVMs wait for one install instead of racing).
 */
public final class ChdbInstallation {

    /** Overrides the cache directory. */
    public static final EnvironmentOverride DIRECTORY = new EnvironmentOverride("AMP_TEST_CHDB_DIR");

    static final String RESOURCES = "/dev/ampconnect/testsupport/clickhouse/chdb/";
    static final String MARKER = "installed-package.json";
    private static final Logger LOG = LoggerFactory.getLogger(ChdbInstallation.class);
    private static final long INSTALL_TIMEOUT_MINUTES = 15;

    private ChdbInstallation() {
    }

    /** The cache directory (it holds {@code node_modules/chdb} once installed). */
    public static Path directory() {
        return DIRECTORY.value().map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "amp-connect", "chdb"));
    }

    /**
     * Why the chdb engine cannot be used here, or empty if it can (possibly after an install): Node.js
     * missing, npm missing while nothing is installed yet, or a platform chdb publishes no engine for.
     */
    public static Optional<String> unavailableBecause() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (!os.contains("linux") && !os.contains("mac")) {
            return Optional.of("chdb publishes its engine for Linux and macOS only, this is " + System.getProperty("os.name"));
        }
        if (executableOnPath("node").isEmpty()) {
            return Optional.of("no `node` on PATH: install Node.js 18 or newer with npm (Debian: apt-get install nodejs npm),"
                    + " or point the tests at a server with AMP_TEST_CLICKHOUSE_URL");
        }
        if (!installed(directory()) && executableOnPath("npm").isEmpty()) {
            return Optional.of("chdb is not installed in " + directory() + " and there is no `npm` on PATH to install it:"
                    + " install npm (Debian: apt-get install npm), or point the tests at a server with AMP_TEST_CLICKHOUSE_URL");
        }
        return Optional.empty();
    }

    /**
     * The {@code node_modules} directory holding {@code chdb}, installing it first if needed.
     *
     * @throws IOException if npm fails (its output is quoted)
     */
    public static Path nodeModules() throws IOException {
        Path directory = directory();
        if (installed(directory)) {
            return directory.resolve("node_modules");
        }
        Files.createDirectories(directory.getParent());
        Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            if (!installed(directory)) {
                install(directory);
            }
        }
        return directory.resolve("node_modules");
    }

    /** Whether {@code directory} holds chdb installed from the current pin. */
    static boolean installed(Path directory) {
        Path marker = directory.resolve(MARKER);
        try {
            return Files.isRegularFile(marker)
                    && Arrays.equals(Files.readAllBytes(marker), resource("package.json"))
                    && Files.isRegularFile(directory.resolve("node_modules/chdb/package.json"));
        } catch (IOException e) {
            return false;
        }
    }

    /** npm install into a staging directory, then moved into place: a failed install leaves nothing half-done. */
    private static void install(Path directory) throws IOException {
        byte[] packageJson = resource("package.json");
        Path staging = directory.resolveSibling(directory.getFileName() + ".staging-" + ProcessHandle.current().pid());
        ChildProcesses.deleteQuietly(staging);
        Files.createDirectories(staging);
        Files.write(staging.resolve("package.json"), packageJson);
        Path log = staging.resolve("npm-install.log");
        LOG.info("amp test service: installing the ClickHouse engine for tests (npm package chdb, ~550 MB) into {};"
                + " this happens once per machine (set AMP_TEST_CHDB_DIR to choose the directory)", directory);
        long started = System.nanoTime();
        // `npm install`, not `npm ci`: ci fails on chdb's optional per-platform packages
        Process npm = new ProcessBuilder(List.of(executableOnPath("npm").orElseThrow().toString(), "install",
                "--no-audit", "--no-fund", "--no-progress", "--loglevel=error"))
                .directory(staging.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        npm.getOutputStream().close();
        try {
            if (!npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IOException("npm install of chdb did not finish within " + INSTALL_TIMEOUT_MINUTES
                        + " minutes in " + staging + "; output:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while npm installed chdb into " + staging, e);
        }
        if (npm.exitValue() != 0 || !Files.isRegularFile(staging.resolve("node_modules/chdb/package.json"))) {
            throw new IOException("npm install of chdb failed with status " + npm.exitValue() + " in " + staging
                    + " (is the npm registry reachable?); output:\n" + Files.readString(log));
        }
        Files.write(staging.resolve(MARKER), packageJson);
        ChildProcesses.deleteQuietly(directory);
        Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("amp test service: installed chdb into {} in {} s", directory,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    /** The bytes of a file in this package's {@code chdb/} resources. */
    static byte[] resource(String name) throws IOException {
        try (InputStream in = ChdbInstallation.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCES + name + " is missing from test-support");
            }
            return in.readAllBytes();
        }
    }

    static Optional<Path> executableOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
