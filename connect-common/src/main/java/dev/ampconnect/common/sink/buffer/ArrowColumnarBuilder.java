package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.arrow.ArrowConversionException;
import dev.ampconnect.common.arrow.ArrowConversionOptions;
import dev.ampconnect.common.arrow.ArrowIpcDecoder;
import dev.ampconnect.common.arrow.ArrowSchemaMapper;
import dev.ampconnect.common.contract.AmpHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Builds the columnar batch of an {@code arrow}-format segment: the records' Arrow IPC slices decoded and
 * appended into one root, vectors kept in the source's Arrow types (no per-value conversion). The Connect
 * schema a store maps its columns from is the source's own mapping (TYPES.md "Arrow -> Connect"), and amp
 * rows get {@code _amp_batch_id} from their header.
 */
public final class ArrowColumnarBuilder {

    private static final ArrowSchemaMapper MAPPER = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS);
    /** Struct name of the Connect schema of arrow-format rows (only stores' messages show it). */
    private static final String ROWS_NAME = "sink";

    private ArrowColumnarBuilder() {
    }

    /**
     * The Arrow schema and row count of an arrow-format record value, read from the IPC messages' metadata
     * only (the body is decoded once, at flush).
     */
    public static Shape inspect(byte[] payload) {
        try (ReadChannel in = new ReadChannel(Channels.newChannel(new ByteArrayInputStream(payload)))) {
            org.apache.arrow.vector.types.pojo.Schema schema = MessageSerializer.deserializeSchema(in);
            MessageMetadataResult message = MessageSerializer.readMessage(in);
            if (message == null) {
                return new Shape(schema, 0);
            }
            if (message.headerType() != MessageHeader.RecordBatch) {
                throw new DataException("Arrow IPC payload of " + payload.length + " bytes holds a "
                        + MessageHeader.name(message.headerType()) + " message where a RecordBatch was expected");
            }
            RecordBatch batch = (RecordBatch) message.getMessage().header(new RecordBatch());
            return new Shape(schema, Math.toIntExact(batch.length()));
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataException("record value of " + payload.length + " bytes is not a valid Arrow IPC stream: " + e, e);
        }
    }

    /**
     * The Arrow schema and rows of one arrow-format record.
     *
     * @param schema the record batch's schema
     * @param rows   its row count
     */
    public record Shape(org.apache.arrow.vector.types.pojo.Schema schema, int rows) {
    }

    /** Decodes and appends the segment's records; an undecodable record goes to {@code rejected}. */
    public static ColumnarBatch build(Segment segment, BufferAllocator allocator, BadRecordSink rejected) {
        org.apache.arrow.vector.types.pojo.Schema arrowSchema = (org.apache.arrow.vector.types.pojo.Schema) segment.schema();
        boolean hasBatchId = arrowSchema.getFields().stream().anyMatch(f -> f.getName().equals(AmpHeaders.BATCH_ID_COLUMN));
        boolean inject = segment.isAmp() && !hasBatchId;
        Schema valueSchema;
        try {
            valueSchema = inject ? MAPPER.streamValueSchema(arrowSchema, ROWS_NAME)
                    : MAPPER.structSchema(arrowSchema, ArrowSchemaMapper.valueSchemaName(ROWS_NAME));
        } catch (ArrowConversionException e) {
            for (BufferedRecord record : segment.records()) {
                rejected.reject(record, new DataException("Arrow schema without a Connect mapping: " + e.getMessage(), e));
            }
            return null;
        }
        VectorSchemaRoot appended = VectorSchemaRoot.create(arrowSchema, allocator);
        try {
            // the appender reads the target's (offset) buffers, so they must exist even when empty
            appended.allocateNew();
            List<SinkRecord> kept = new ArrayList<>();
            List<Integer> firstRows = new ArrayList<>();
            SliceCollector slices = new SliceCollector();
            int rows = 0;
            for (BufferedRecord buffered : segment.records()) {
                int pieceRows;
                try (VectorSchemaRoot piece = ArrowIpcDecoder.decode((byte[]) buffered.record().value(), allocator)) {
                    pieceRows = piece.getRowCount();
                    if (pieceRows > 0) {
                        VectorSchemaRootAppender.append(false, appended, piece);
                    }
                } catch (ArrowConversionException e) {
                    rejected.reject(buffered, new DataException(e.getMessage(), e));
                    continue;
                }
                if (pieceRows == 0) {
                    continue;
                }
                kept.add(buffered.record());
                firstRows.add(rows);
                if (segment.isAmp()) {
                    slices.add(buffered.sequence(), buffered.batchId(), rows, pieceRows);
                }
                rows += pieceRows;
            }
            if (rows == 0) {
                appended.close();
                return null;
            }
            appended.setRowCount(rows);
            List<BatchSlice> batchSlices = slices.slices();
            VectorSchemaRoot root = inject ? withBatchIds(appended, batchSlices, rows, allocator) : appended;
            return new ColumnarBatch(valueSchema, root, kept, firstRows.stream().mapToInt(Integer::intValue).toArray(),
                    segment.isAmp(), batchSlices);
        } catch (RuntimeException | Error e) {
            appended.close();
            throw e;
        }
    }

    /** {@code root} plus a {@code _amp_batch_id} column filled from the slices. */
    private static VectorSchemaRoot withBatchIds(VectorSchemaRoot root, List<BatchSlice> slices, int rows,
                                                 BufferAllocator allocator) {
        VarCharVector ids = new VarCharVector(AmpHeaders.BATCH_ID_COLUMN, allocator);
        try {
            ids.allocateNew(rows);
            for (BatchSlice slice : slices) {
                byte[] id = slice.batchId().getBytes(StandardCharsets.UTF_8);
                for (int row = slice.firstRow(); row < slice.endRow(); row++) {
                    ids.setSafe(row, id);
                }
            }
            ids.setValueCount(rows);
        } catch (RuntimeException | Error e) {
            ids.close();
            throw e;
        }
        List<FieldVector> vectors = new ArrayList<>(root.getFieldVectors());
        vectors.add(ids);
        VectorSchemaRoot combined = new VectorSchemaRoot(vectors);
        combined.setRowCount(rows);
        return combined;
    }
}
