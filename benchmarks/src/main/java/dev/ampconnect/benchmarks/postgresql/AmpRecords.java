package dev.ampconnect.benchmarks.postgresql;

import dev.ampconnect.common.arrow.ArrowConversionOptions;
import dev.ampconnect.common.arrow.ArrowIpcEncoder;
import dev.ampconnect.common.arrow.ArrowIpcSlice;
import dev.ampconnect.common.arrow.ArrowRowReader;
import dev.ampconnect.common.arrow.ArrowSchemaMapper;
import dev.ampconnect.common.contract.ContractHeaders;
import dev.ampconnect.common.contract.ControlSchemas;
import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.contract.Watermark;
import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;

/**
 * Encodes the dataset as the source connector does, in either record format: data records (one Struct per
 * row, or Arrow IPC slices), then the watermark; invalidations on demand.
 */
public final class AmpRecords {

    /** One record as Connect sees it after its converters. */
    public record AmpRecord(Schema valueSchema, Object value, Headers headers, int rows) {
    }

    private final String stream;
    private final String session;
    private final RecordFormat format;
    private final TransactionsDataset dataset;
    private final BufferAllocator allocator;
    private final ArrowIpcEncoder ipc = new ArrowIpcEncoder(ArrowIpcEncoder.DEFAULT_MAX_RECORD_BYTES);
    private final Schema rowSchema;
    private final ArrowRowReader reader;

    public AmpRecords(String stream, String session, RecordFormat format, TransactionsDataset dataset, BufferAllocator allocator) {
        this.stream = stream;
        this.session = session;
        this.format = format;
        this.dataset = dataset;
        this.allocator = allocator;
        this.rowSchema = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(TransactionsDataset.SCHEMA, stream);
        this.reader = new ArrowRowReader(TransactionsDataset.SCHEMA, rowSchema);
    }

    /** Every record of the microbatch of blocks {@code start..end}, its watermark last. */
    public void microbatch(long start, long end, Consumer<AmpRecord> out) {
        BlockRange range = TransactionsDataset.range(start, end);
        List<BlockRange> ranges = List.of(range);
        String batchId = BatchId.of(ranges);
        long rows;
        try (VectorSchemaRoot batch = dataset.batch(start, end, allocator)) {
            rows = batch.getRowCount();
            if (format == RecordFormat.ARROW) {
                ipc.encode(batch, 0, batch.getRowCount(), (ArrowIpcSlice slice) -> out.accept(new AmpRecord(
                        Schema.OPTIONAL_BYTES_SCHEMA, slice.payload(),
                        ContractHeaders.data(stream, session, batchId, ranges, slice.firstRow()), slice.rowCount())));
            } else {
                ArrowRowReader.Rows bound = reader.bind(batch, batchId);
                for (int row = 0; row < bound.rowCount(); row++) {
                    Struct value = bound.row(row);
                    out.accept(new AmpRecord(rowSchema, value, ContractHeaders.data(stream, session, batchId, ranges, row), 1));
                }
            }
        }
        Watermark watermark = new Watermark(stream, batchId, ranges, rows);
        out.accept(control(ControlSchemas.WATERMARK, ControlSchemas.toStruct(watermark), ControlSchemas.toJson(watermark),
                ContractHeaders.watermark(stream, session, batchId, ranges)));
    }

    /** The rewind a source sends when it starts. */
    public AmpRecord rewind(long fromBlock) {
        Invalidation rewind = Invalidation.rewind(stream, TransactionsDataset.NETWORK, fromBlock);
        return control(ControlSchemas.INVALIDATION, ControlSchemas.toStruct(rewind), ControlSchemas.toJson(rewind),
                ContractHeaders.invalidation(stream, session));
    }

    /** A reorg of blocks {@code start..end}. */
    public AmpRecord reorg(long start, long end) {
        Invalidation reorg = Invalidation.reorg(stream, TransactionsDataset.NETWORK, start, end);
        return control(ControlSchemas.INVALIDATION, ControlSchemas.toStruct(reorg), ControlSchemas.toJson(reorg),
                ContractHeaders.invalidation(stream, session));
    }

    private AmpRecord control(Schema schema, Struct struct, byte[] json, Headers headers) {
        return format == RecordFormat.ARROW ? new AmpRecord(Schema.OPTIONAL_BYTES_SCHEMA, json, headers, 0)
                : new AmpRecord(schema, struct, headers, 0);
    }
}
