package dev.ampconnect.testsupport.iceberg;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ampconnect.testsupport.TestService;

/**
 * A running Iceberg REST catalog tests may use: Iceberg's own REST catalog started in this JVM (stopped on
 * {@link #close()}, its warehouse deleted) or the server named by {@code AMP_TEST_ICEBERG_REST_URI}, which is
 * left running. Test classes receive a fresh namespace in it from {@link IcebergCatalogExtension#rest()}.
 */
public final class IcebergRestServer implements TestService {

    private final URI uri;
    private final Map<String, String> extraProperties;
    private final String origin;
    private final InJvmRestCatalog owned;
    private volatile boolean closed;

    /**
     * @param extraProperties catalog properties a client needs besides {@code type} and {@code uri}
     * @param owned           what to stop on {@link #close()}, or {@code null} for an external server
     */
    IcebergRestServer(URI uri, Map<String, String> extraProperties, String origin, InJvmRestCatalog owned) {
        this.uri = uri;
        this.extraProperties = Map.copyOf(extraProperties);
        this.origin = origin;
        this.owned = owned;
    }

    /**
     * The catalog properties a client is configured with ({@code type=rest}, {@code uri}, and e.g.
     * {@code warehouse} for an external server), without the {@code iceberg.catalog.} prefix.
     */
    public Map<String, String> catalogProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("type", "rest");
        properties.put("uri", uri.toString());
        properties.putAll(extraProperties);
        return properties;
    }

    /** Whether this JVM started the server (its warehouse is then a local temporary directory). */
    public boolean owned() {
        return owned != null;
    }

    @Override
    public String name() {
        return "iceberg-rest";
    }

    @Override
    public URI endpoint() {
        return uri;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String toString() {
        return "IcebergRestServer[" + origin + " at " + uri + "]";
    }
}
