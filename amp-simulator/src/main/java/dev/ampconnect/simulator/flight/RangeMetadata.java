package dev.ampconnect.simulator.flight;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code app_metadata} JSON of every FlightData message, written with keys in alphabetical order
 * like ampd (serde_json without preserve_order):
 * {@code {"ranges":[{"hash","network","numbers":{"end","start"},"prev_hash","timestamp"}],"ranges_complete":bool}}.
 */
final class RangeMetadata {

    private static final JsonFactory JSON = new JsonFactory();

    private RangeMetadata() {
    }

    /** UTF-8 JSON for {@code ranges} with the given {@code ranges_complete}. */
    static byte[] json(List<MicrobatchRange> ranges, boolean complete) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("ranges");
            for (MicrobatchRange range : ranges) {
                json.writeStartObject();
                json.writeStringField("hash", range.hash().hex());
                json.writeStringField("network", range.network());
                json.writeObjectFieldStart("numbers");
                json.writeNumberField("end", range.end());
                json.writeNumberField("start", range.start());
                json.writeEndObject();
                json.writeStringField("prev_hash", range.prevHash().hex());
                json.writeNumberField("timestamp", range.timestamp());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeBooleanField("ranges_complete", complete);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing app_metadata cannot fail in memory", e);
        }
        return out.toByteArray();
    }
}
