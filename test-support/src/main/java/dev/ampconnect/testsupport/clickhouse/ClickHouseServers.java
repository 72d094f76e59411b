package dev.ampconnect.testsupport.clickhouse;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import dev.ampconnect.testsupport.EnvironmentOverride;
import dev.ampconnect.testsupport.ServiceCandidate;
import dev.ampconnect.testsupport.ServiceCandidates;
import dev.ampconnect.testsupport.SharedService;
import dev.ampconnect.testsupport.containers.DockerEngine;

/**
 * Where test ClickHouse comes from, in order:
 * <ol>
 *   <li>{@code AMP_TEST_CLICKHOUSE_URL} ({@code http://[user:password@]host:8123}): an existing
 *       clickhouse-server whose user may {@code CREATE DATABASE}. If set, it is the only candidate.</li>
 *   <li>{@code clickhouse/clickhouse-server} via Testcontainers, where a Docker engine answers
 *       ({@link DockerEngine}; skipped at once without one).</li>
 *   <li>The chdb front end: the ClickHouse engine of the npm package {@code chdb} behind a small
 *       HTTP server run by {@code node} ({@link ChdbInstallation} installs chdb on first use).</li>
 * </ol>
 * One server per JVM; each test class gets a database of its own.
 */
public final class ClickHouseServers {

    public static final EnvironmentOverride URL = new EnvironmentOverride("AMP_TEST_CLICKHOUSE_URL");
    /** The image of the Testcontainers candidate: the current LTS line. */
    static final String IMAGE = "clickhouse/clickhouse-server:25.8";
    private static final int HTTP_PORT = 8123;
    private static final String CONTAINER_USER = "amp";
    private static final String CONTAINER_PASSWORD = "amp";

    private static final SharedService<ClickHouseServer> SHARED = new SharedService<>(
            new ServiceCandidates<>("clickhouse", List.of(external(), container(), chdb()))::startFirstAvailable);

    private ClickHouseServers() {
    }

    /** The server shared by every test class in this JVM, started on first use. */
    public static ClickHouseServer shared() {
        return SHARED.get();
    }

    /**
     * Why {@link #shared()} could not start a server here without installing something first, or empty when one is
     * at hand: {@code AMP_TEST_CLICKHOUSE_URL} set, a Docker engine answering, or chdb already installed (by an
     * earlier test run or {@code .ci/run}) with {@code node} on PATH. For tools that use ClickHouse only when it is
     * available (packaging's demo) and must not start a ~550 MB install on their own.
     */
    public static Optional<String> unavailableWithoutInstallBecause() {
        if (URL.value().isPresent() || DockerEngine.unavailableBecause().isEmpty()) {
            return Optional.empty();
        }
        if (!ChdbInstallation.installed(ChdbInstallation.directory())) {
            return Optional.of(URL.variable() + " is not set and chdb is not installed in " + ChdbInstallation.directory()
                    + " (the ClickHouse tests install it)");
        }
        return ChdbInstallation.unavailableBecause();
    }

    static ServiceCandidate<ClickHouseServer> external() {
        return ServiceCandidate.of("existing server from " + URL.variable(),
                () -> URL.value().isPresent() ? Optional.empty() : Optional.of(URL.unsetReason()),
                true,
                ClickHouseServers::connectExternal);
    }

    private static ClickHouseServer connectExternal() {
        URI uri = URI.create(URL.value().orElseThrow());
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(URL.variable() + " must look like http://[user:password@]host:8123,"
                    + " got scheme " + uri.getScheme() + " host " + uri.getHost());
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        int port = uri.getPort() < 0 ? ("https".equals(uri.getScheme()) ? 8443 : 8123) : uri.getPort();
        URI endpoint = URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + port);
        ClickHouseServer server = new ClickHouseServer(endpoint, user, password,
                "existing server from " + URL.variable(), false, null);
        String version = server.serverVersion();
        return new ClickHouseServer(endpoint, user, password,
                "existing clickhouse-server " + version + " from " + URL.variable(), false, null);
    }

    static ServiceCandidate<ClickHouseServer> container() {
        return ServiceCandidate.of(IMAGE + " via Testcontainers", DockerEngine::unavailableBecause, false, () -> {
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withExposedPorts(HTTP_PORT)
                    .withEnv("CLICKHOUSE_USER", CONTAINER_USER)
                    .withEnv("CLICKHOUSE_PASSWORD", CONTAINER_PASSWORD)
                    .withEnv("CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT", "1")
                    .waitingFor(Wait.forHttp("/ping").forPort(HTTP_PORT).forStatusCode(200)
                            .withStartupTimeout(Duration.ofMinutes(2)));
            container.start();
            try {
                URI endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(HTTP_PORT));
                String version = new ClickHouseServer(endpoint, CONTAINER_USER, CONTAINER_PASSWORD, IMAGE, false, null)
                        .serverVersion();
                return new ClickHouseServer(endpoint, CONTAINER_USER, CONTAINER_PASSWORD,
                        "clickhouse-server " + version + " (Testcontainers, " + IMAGE + ")", false, container::stop);
            } catch (RuntimeException e) {
                container.stop();
                throw e;
            }
        });
    }

    static ServiceCandidate<ClickHouseServer> chdb() {
        return ServiceCandidate.of("chdb front end (npm package chdb behind an HTTP server, run by node)",
                ChdbInstallation::unavailableBecause, false, () -> {
                    ChdbFrontEnd frontEnd = ChdbFrontEnd.start(ChdbInstallation.nodeModules());
                    try {
                        ClickHouseServer probe = new ClickHouseServer(frontEnd.endpoint(), null, null, "chdb", true, null);
                        if (!probe.http().ping(Duration.ofSeconds(5))) {
                            throw new IllegalStateException("the chdb front end stopped answering /ping");
                        }
                        return new ClickHouseServer(frontEnd.endpoint(), null, null, "chdb " + probe.serverVersion()
                                + " front end (started in " + frontEnd.startMillis() + " ms, chdb from "
                                + ChdbInstallation.directory() + ")", true, frontEnd);
                    } catch (RuntimeException e) {
                        frontEnd.close();
                        throw e;
                    }
                });
    }
}
