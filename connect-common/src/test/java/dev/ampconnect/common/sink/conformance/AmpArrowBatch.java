package dev.ampconnect.common.sink.conformance;

import dev.ampconnect.common.sink.buffer.BufferedRecord;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.common.sink.buffer.RowsColumnarBuilder;
import dev.ampconnect.common.sink.buffer.Segment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A record batch in the amp server's own Arrow types (what {@code arrow}-format records carry): unsigned
 * integers of every width, {@code Timestamp(ns, "+00:00")}, {@code Time64(us)}, LargeUtf8, plus the types
 * the server shares with the canonical mapping (fixed-size binaries, decimals up to 76 digits, lists of
 * structs, maps). Three rows: extremes, other extremes, nulls.
 */
public final class AmpArrowBatch {

    /** The columns built from Connect values (their Arrow types equal the server's). */
    private static final Schema SHARED = SchemaBuilder.struct().name("shared")
            .field("id", Schema.INT64_SCHEMA)
            .field("flag", AmpTypes.SCHEMA.field("flag").schema())
            .field("i8", AmpTypes.SCHEMA.field("i8").schema())
            .field("i64", AmpTypes.SCHEMA.field("i64").schema())
            .field("f64", AmpTypes.SCHEMA.field("f64").schema())
            .field("text", AmpTypes.SCHEMA.field("text").schema())
            .field("raw", AmpTypes.SCHEMA.field("raw").schema())
            .field("address", AmpTypes.SCHEMA.field("address").schema())
            .field("hash", AmpTypes.SCHEMA.field("hash").schema())
            .field("d128", AmpTypes.SCHEMA.field("d128").schema())
            .field("d256", AmpTypes.SCHEMA.field("d256").schema())
            .field("day", AmpTypes.SCHEMA.field("day").schema())
            .field("access_list", AmpTypes.SCHEMA.field("access_list").schema())
            .field("labels", AmpTypes.SCHEMA.field("labels").schema())
            .build();

    private AmpArrowBatch() {
    }

    /** The batch, in {@code allocator}'s memory; the caller closes it. */
    public static VectorSchemaRoot create(BufferAllocator allocator) {
        return create(allocator, true);
    }

    /** The batch; with {@code nullNested} false its third row holds empty lists and maps where it would hold NULL. */
    public static VectorSchemaRoot create(BufferAllocator allocator, boolean nullNested) {
        List<Struct> connectRows = AmpTypes.rows(nullNested);
        Segment segment = new Segment(RecordFormat.ROWS, false, SHARED);
        for (Struct full : connectRows) {
            Struct shared = new Struct(SHARED);
            for (var field : SHARED.fields()) {
                shared.put(field, full.get(field.name()));
            }
            segment.records().add(new BufferedRecord(new SinkRecord("fixture", 0, null, null, SHARED, shared, 0),
                    BufferedRecord.PLAIN, null, 1, 1));
        }
        ColumnarBatch built = RowsColumnarBuilder.build(segment, allocator, (record, error) -> {
            throw error;
        });
        List<FieldVector> vectors = new ArrayList<>(built.root().getFieldVectors());
        int rows = connectRows.size();

        UInt1Vector u8 = new UInt1Vector("u8", nullable(new ArrowType.Int(8, false)), allocator);
        UInt2Vector u16 = new UInt2Vector("u16", nullable(new ArrowType.Int(16, false)), allocator);
        UInt4Vector u32 = new UInt4Vector("u32", nullable(new ArrowType.Int(32, false)), allocator);
        UInt8Vector u64 = new UInt8Vector("u64", nullable(new ArrowType.Int(64, false)), allocator);
        TimeStampNanoTZVector ts = new TimeStampNanoTZVector("ts",
                nullable(new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+00:00")), allocator);
        TimeMicroVector time = new TimeMicroVector("time_of_day", nullable(new ArrowType.Time(TimeUnit.MICROSECOND, 64)), allocator);
        LargeVarCharVector large = new LargeVarCharVector("large_text", nullable(ArrowType.LargeUtf8.INSTANCE), allocator);
        for (FieldVector vector : List.of(u8, u16, u32, u64, ts, time, large)) {
            vector.allocateNew();
        }
        u8.setSafe(0, (byte) 0xff);
        u16.setSafe(0, 0xffff);
        u32.setSafe(0, 0xffffffff);
        u64.setSafe(0, -1L);
        ts.setSafe(0, 1_700_000_000_123_000_000L);
        time.setSafe(0, 86_399_999_000L);
        large.setSafe(0, "large ✓".getBytes(StandardCharsets.UTF_8));
        u8.setSafe(1, (byte) 0);
        u16.setSafe(1, 0);
        u32.setSafe(1, 0);
        u64.setSafe(1, Long.MAX_VALUE);
        ts.setSafe(1, -1_000_000L);
        time.setSafe(1, 0L);
        large.setSafe(1, new byte[0]);
        for (FieldVector vector : List.of(u8, u16, u32, u64, ts, time, large)) {
            vector.setNull(2);
            vector.setValueCount(rows);
            vectors.add(vector);
        }
        VectorSchemaRoot root = new VectorSchemaRoot(vectors);
        root.setRowCount(rows);
        return root;
    }

    private static FieldType nullable(ArrowType type) {
        return FieldType.nullable(type);
    }
}
