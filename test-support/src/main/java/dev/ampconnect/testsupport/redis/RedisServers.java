package dev.ampconnect.testsupport.redis;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

import dev.ampconnect.testsupport.EnvironmentOverride;
import dev.ampconnect.testsupport.ServiceCandidate;
import dev.ampconnect.testsupport.ServiceCandidates;
import dev.ampconnect.testsupport.SharedService;

/**
 * Where test Redis comes from, in order:
 * <ol>
 *   <li>{@code AMP_TEST_REDIS_URL} ({@code redis://[user:password@]host:port[/db]}): an existing server.
 *       If set, it is the only candidate; only its database {@code db} is ever flushed.</li>
 *   <li>{@code redis-server} on {@code PATH} (Debian's {@code redis-server} package, 7.x), started once per
 *       JVM on a free port.</li>
 *   <li>The {@code redis-server} binary bundled in {@code com.github.codemonstur:embedded-redis} (6.2),
 *       extracted and started the same way: no installation needed.</li>
 * </ol>
 */
public final class RedisServers {

    public static final EnvironmentOverride URL = new EnvironmentOverride("AMP_TEST_REDIS_URL");
    private static final String EXECUTABLE = "redis-server";

    private static final SharedService<RedisServer> SHARED = new SharedService<>(
            new ServiceCandidates<>("redis", List.of(external(), onPath(), bundled()))::startFirstAvailable);

    private RedisServers() {
    }

    /** The server shared by every test class in this JVM, started on first use. */
    public static RedisServer shared() {
        return SHARED.get();
    }

    private static ServiceCandidate<RedisServer> external() {
        return ServiceCandidate.of("existing server from " + URL.variable(),
                () -> URL.value().isPresent() ? Optional.empty() : Optional.of(URL.unsetReason()),
                true,
                () -> {
                    URI uri = URI.create(URL.value().orElseThrow());
                    if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                        throw new IllegalArgumentException(URL.variable()
                                + " must look like redis://[user:password@]host:port[/db], got scheme "
                                + uri.getScheme() + " host " + uri.getHost() + " port " + uri.getPort());
                    }
                    RedisServer server = new RedisServer(uri, "existing server from " + URL.variable(), null);
                    try (Jedis client = server.connect()) {
                        client.ping();
                    }
                    return server;
                });
    }

    private static ServiceCandidate<RedisServer> onPath() {
        return ServiceCandidate.of(EXECUTABLE + " on PATH",
                () -> executableOnPath().isPresent() ? Optional.empty()
                        : Optional.of("no executable " + EXECUTABLE + " in PATH=" + System.getenv("PATH")),
                false,
                () -> launch(executableOnPath().orElseThrow(), "from PATH"));
    }

    private static ServiceCandidate<RedisServer> bundled() {
        return ServiceCandidate.of(EXECUTABLE + " bundled in com.github.codemonstur:embedded-redis",
                Optional::empty, false,
                () -> launch(ExecutableProvider.newJarResourceProvider().get().toPath(), "bundled in embedded-redis"));
    }

    private static RedisServer launch(Path executable, String source) throws Exception {
        RedisProcess process = RedisProcess.start(executable);
        try {
            URI uri = URI.create("redis://" + process.host() + ":" + process.port() + "/0");
            String version;
            try (Jedis client = new Jedis(uri)) {
                version = RedisServer.versionOf(client);
            }
            return new RedisServer(uri, EXECUTABLE + " " + version + " " + source + " (" + executable + ")", process);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private static Optional<Path> executableOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, EXECUTABLE))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
