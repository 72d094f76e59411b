package dev.ampconnect.testsupport.iceberg;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ampconnect.testsupport.EnvironmentOverride;
import dev.ampconnect.testsupport.ServiceCandidate;
import dev.ampconnect.testsupport.ServiceCandidates;
import dev.ampconnect.testsupport.SharedService;

/**
 * Where the test REST catalog comes from, in order:
 * <ol>
 *   <li>{@code AMP_TEST_ICEBERG_REST_URI} ({@code http://host:port[/prefix]}): an existing REST catalog, with
 *       {@code AMP_TEST_ICEBERG_REST_WAREHOUSE} as its {@code warehouse} property when it needs one. If set, it
 *       is the only candidate; tests only create and drop namespaces named {@code amp_<class>_<random>}.</li>
 *   <li>Iceberg's own REST catalog adapter started in this JVM over a temporary local warehouse
 *       ({@link InJvmRestCatalog}).</li>
 * </ol>
 */
public final class IcebergRestServers {

    public static final EnvironmentOverride URI_OVERRIDE = new EnvironmentOverride("AMP_TEST_ICEBERG_REST_URI");
    public static final EnvironmentOverride WAREHOUSE = new EnvironmentOverride("AMP_TEST_ICEBERG_REST_WAREHOUSE");

    private static final SharedService<IcebergRestServer> SHARED = new SharedService<>(
            new ServiceCandidates<>("iceberg-rest", List.of(external(), inJvm()))::startFirstAvailable);

    private IcebergRestServers() {
    }

    /** The REST catalog shared by every test class in this JVM, started on first use. */
    public static IcebergRestServer shared() {
        return SHARED.get();
    }

    private static ServiceCandidate<IcebergRestServer> external() {
        return ServiceCandidate.of("existing REST catalog from " + URI_OVERRIDE.variable(),
                () -> URI_OVERRIDE.value().isPresent() ? Optional.empty() : Optional.of(URI_OVERRIDE.unsetReason()),
                true,
                () -> {
                    URI uri = URI.create(URI_OVERRIDE.value().orElseThrow());
                    if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                        throw new IllegalArgumentException(URI_OVERRIDE.variable()
                                + " must look like http(s)://host:port[/prefix], got " + uri);
                    }
                    Map<String, String> extra = WAREHOUSE.value().map(w -> Map.of("warehouse", w)).orElse(Map.of());
                    IcebergRestServer server = new IcebergRestServer(uri, extra,
                            "existing REST catalog from " + URI_OVERRIDE.variable(), null);
                    // fail here, naming the server, rather than in the first test
                    IcebergCatalog.probe(server.catalogProperties());
                    return server;
                });
    }

    private static ServiceCandidate<IcebergRestServer> inJvm() {
        return ServiceCandidate.of("Iceberg's REST catalog adapter in this JVM (iceberg-core tests jar, Jetty)",
                IcebergRestServers::restFixturesMissing, false,
                () -> {
                    InJvmRestCatalog catalog = InJvmRestCatalog.start();
                    // the tests' clients close right after use: asynchronous metrics reports would only log failures
                    return new IcebergRestServer(catalog.uri(), Map.of("rest-metrics-reporting-enabled", "false"),
                            "Iceberg REST catalog in this JVM, warehouse " + catalog.warehouse(), catalog);
                });
    }

    private static Optional<String> restFixturesMissing() {
        try {
            Class.forName("org.apache.iceberg.rest.RESTCatalogAdapter", false, IcebergRestServers.class.getClassLoader());
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of("org.apache.iceberg:iceberg-core:tests is not on the test classpath");
        }
    }
}
