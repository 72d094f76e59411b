package dev.ampconnect.testsupport.iceberg;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.ampconnect.testsupport.process.ChildProcesses;

/**
 * Iceberg's own REST catalog, in this JVM: the {@code RESTCatalogAdapter} and {@code RESTCatalogServlet} of
 * {@code iceberg-core}'s test jar (what {@code RESTCatalogServer} of {@code iceberg-open-api}'s test fixtures
 * wraps) served by Jetty on an ephemeral loopback port, over a {@code HadoopCatalog} whose metadata and data
 * files live in a temporary local warehouse directory (deleted on close), so other readers can open them.
 * Commits are serialised by the backend's in-process lock, so the REST server's compare-and-swap of a table's
 * metadata is as strict as a production catalog's. ({@code InMemoryCatalog} would keep metadata files in
 * memory only; {@code RESTCatalogServer}'s default, a JDBC catalog on SQLite, would need a native driver.)
 *
 * <p>Why not {@code RESTCatalogServer} itself: its 1.11.0 build needs Jetty 12.1 ({@code jetty-compression}),
 * while Kafka 4.3.1's Connect REST server, on the same test classpath, brings Jetty 12.0; the adapter and the
 * servlet are everything the server does besides gzip, and run on Jetty 12.0's ee10 servlet container.
 */
final class InJvmRestCatalog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InJvmRestCatalog.class);
    private static final String HADOOP_FILE_IO = "org.apache.iceberg.hadoop.HadoopFileIO";

    private final Server server;
    private final HadoopCatalog backend;
    private final Path warehouse;
    private final URI uri;

    private InJvmRestCatalog(Server server, HadoopCatalog backend, Path warehouse, URI uri) {
        this.server = server;
        this.backend = backend;
        this.warehouse = warehouse;
        this.uri = uri;
    }

    /** Starts the catalog on an ephemeral loopback port (bound directly: no free-port race). */
    static InJvmRestCatalog start() throws Exception {
        Path warehouse = Files.createTempDirectory("amp-iceberg-rest-");
        HadoopCatalog backend = new HadoopCatalog();
        Server server = null;
        try {
            backend.setConf(new org.apache.hadoop.conf.Configuration());
            backend.initialize("amp_test_rest_backend", Map.of(
                    CatalogProperties.WAREHOUSE_LOCATION, warehouse.toUri().toString(),
                    CatalogProperties.FILE_IO_IMPL, HADOOP_FILE_IO));
            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
            context.addServlet(new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(backend))), "/*");
            server = new Server(new InetSocketAddress("127.0.0.1", 0));
            server.setHandler(context);
            server.start();
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            return new InJvmRestCatalog(server, backend, warehouse, URI.create("http://127.0.0.1:" + port));
        } catch (Exception | LinkageError e) {
            stopQuietly(server);
            backend.close();
            ChildProcesses.deleteQuietly(warehouse);
            throw e;
        }
    }

    URI uri() {
        return uri;
    }

    Path warehouse() {
        return warehouse;
    }

    @Override
    public void close() {
        stopQuietly(server);
        try {
            backend.close();
        } catch (IOException e) {
            LOG.warn("could not close the in-JVM REST catalog's backend", e);
        }
        ChildProcesses.deleteQuietly(warehouse);
    }

    private static void stopQuietly(Server server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("could not stop the in-JVM Iceberg REST catalog", e);
        }
    }
}
