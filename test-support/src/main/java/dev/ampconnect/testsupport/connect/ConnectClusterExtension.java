package dev.ampconnect.testsupport.connect;

import dev.ampconnect.testsupport.ClassResourceExtension;

/**
 * Starts a real Kafka + Connect cluster ({@link ConnectCluster}) before a test class and stops it
 * after, one cluster per class (~8 s and ~350 MiB for one broker and one worker).
 *
 * <pre>{@code
 * class PgSinkIT {
 *     @RegisterExtension
 *     static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
 *             ConnectClusterSpec.defaults().withExactlyOnceSource());
 *
 *     @Test
 *     void deliversEveryRow(ConnectCluster cluster) {   // or CONNECT.cluster()
 *         cluster.createTopic("rows", 1);
 *         ConnectorClient sink = cluster.connector("pg-sink");
 *         sink.configure(Map.of("connector.class", "...", "topics", "rows", ...));
 *         sink.awaitRunning(1, Duration.ofSeconds(60));
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class ConnectClusterExtension extends ClassResourceExtension<ConnectCluster> {

    private final ConnectClusterSpec spec;

    /** A cluster of {@link ConnectClusterSpec#defaults()}: one broker, one worker. */
    public ConnectClusterExtension() {
        this(ConnectClusterSpec.defaults());
    }

    public ConnectClusterExtension(ConnectClusterSpec spec) {
        super(ConnectCluster.class);
        this.spec = spec;
    }

    /** This class's cluster; valid from {@code @BeforeAll} until the class ends. */
    public ConnectCluster cluster() {
        return handle();
    }

    @Override
    protected ConnectCluster open(Class<?> testClass) {
        return ConnectCluster.start(testClass.getSimpleName(), spec);
    }
}
