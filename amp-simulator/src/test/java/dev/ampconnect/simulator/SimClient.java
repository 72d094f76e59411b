package dev.ampconnect.simulator;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Arrow's own {@link FlightSqlClient} against a simulator, the way the source connector will talk to amp. */
final class SimClient implements AutoCloseable {

    private final BufferAllocator allocator;
    private final FlightClient flight;
    private final FlightSqlClient sql;

    private SimClient(BufferAllocator allocator, FlightClient flight) {
        this.allocator = allocator;
        this.flight = flight;
        this.sql = new FlightSqlClient(flight);
    }

    static SimClient connect(AmpSimulator simulator) {
        URI uri = simulator.uri();
        BufferAllocator allocator = new RootAllocator();
        return new SimClient(allocator, FlightClient.builder(allocator, Location.forGrpcInsecure(uri.getHost(),
                uri.getPort())).build());
    }

    static SimClient connectTls(AmpSimulator simulator, InputStream trustedCertificate) {
        URI uri = simulator.uri();
        BufferAllocator allocator = new RootAllocator();
        return new SimClient(allocator, FlightClient.builder(allocator, Location.forGrpcTls(uri.getHost(), uri.getPort()))
                .useTls().trustedCertificates(trustedCertificate).build());
    }

    /** Headers for a streaming query. */
    static Map<String, String> streaming() {
        return Map.of("amp-stream", "true");
    }

    static Map<String, String> streamingFrom(String resumeJson) {
        return Map.of("amp-stream", "true", "amp-resume", resumeJson);
    }

    static String resumeJson(String network, long number, String hash) {
        return "{\"" + network + "\":{\"number\":" + number + ",\"hash\":\"" + hash + "\"}}";
    }

    static CallOption headers(Map<String, String> headers) {
        FlightCallHeaders callHeaders = new FlightCallHeaders();
        headers.forEach(callHeaders::insert);
        return new HeaderCallOption(callHeaders);
    }

    /** GetFlightInfo for {@code query}. */
    FlightInfo info(String query, Map<String, String> headers) {
        return sql.execute(query, headers(headers));
    }

    /** GetFlightInfo then DoGet, reading on a background thread until the test closes the recorder. */
    StreamRecorder stream(String query, Map<String, String> headers) {
        FlightInfo info = info(query, headers);
        return StreamRecorder.start(flight.getStream(info.getEndpoints().get(0).getTicket(), headers(headers)));
    }

    /** DoGet of {@code ticket}, unread. */
    FlightStream doGet(Ticket ticket, Map<String, String> headers) {
        return flight.getStream(ticket, headers(headers));
    }

    /** A finite query read to its end. */
    @SuppressWarnings("try") // Arrow's FlightStream.close() declares Exception
    List<ReceivedBatch> readAll(String query, Map<String, String> headers) throws Exception {
        FlightInfo info = info(query, headers);
        List<ReceivedBatch> batches = new ArrayList<>();
        try (FlightStream stream = flight.getStream(info.getEndpoints().get(0).getTicket(), headers(headers))) {
            while (stream.next()) {
                batches.add(received(stream));
            }
        }
        return batches;
    }

    /** The message {@code stream} is positioned on. */
    static ReceivedBatch received(FlightStream stream) {
        VectorSchemaRoot root = stream.getRoot();
        ArrowBuf metadata = stream.getLatestMetadata();
        if (metadata == null) {
            throw new AssertionError("a FlightData message arrived without app_metadata");
        }
        byte[] bytes = new byte[(int) metadata.readableBytes()];
        metadata.getBytes(0, bytes);
        long bodyBytes = 0;
        for (FieldVector vector : root.getFieldVectors()) {
            bodyBytes += vector.getBufferSize();
        }
        return new ReceivedBatch(WireMetadata.parse(new String(bytes, StandardCharsets.UTF_8)), root.getRowCount(),
                ArrowValues.rows(root), bodyBytes);
    }

    @Override
    public void close() {
        try {
            sql.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Flight client failed", e);
        }
        allocator.close();
    }
}
