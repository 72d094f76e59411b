package dev.ampconnect.sink.iceberg;

import dev.ampconnect.common.sink.conformance.ArrowJsonDecoder;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The conformance kit's view of an Iceberg catalog: tasks of {@link AmpIcebergSinkTask} configured for the test
 * class's catalog and namespace, and tables read back with Iceberg's generic reader ({@link IcebergGenerics}, which
 * applies position deletes and deletion vectors as every engine must), converted into Connect values.
 */
public final class IcebergProbe implements SinkProbe {

    /** One client per catalog of a test class (never one per test: a JDBC client holds database connections). */
    private static final Map<IcebergCatalog, Catalog> CLIENTS = new ConcurrentHashMap<>();

    private final IcebergCatalog handle;
    private final int formatVersion;

    public IcebergProbe(IcebergCatalog handle, int formatVersion) {
        this.handle = handle;
        this.formatVersion = formatVersion;
    }

    /** The test class's catalog, as a client. */
    public Catalog catalog() {
        return CLIENTS.computeIfAbsent(handle, IcebergCatalog::open);
    }

    public TableIdentifier identifier(String table) {
        return handle.table(table);
    }

    /** The table, or {@code null} when it does not exist. */
    public Table table(String table) {
        try {
            return catalog().loadTable(identifier(table));
        } catch (NoSuchTableException e) {
            return null;
        }
    }

    @Override
    public SinkTask newTask() {
        return new AmpIcebergSinkTask();
    }

    @Override
    public Map<String, String> storeConfig() {
        Map<String, String> config = new HashMap<>(handle.connectorProperties());
        config.put(IcebergSinkConfig.NAMESPACE, handle.namespace());
        config.put(IcebergSinkConfig.FORMAT_VERSION, Integer.toString(formatVersion));
        return config;
    }

    @Override
    public long rowCount(String table) {
        Table loaded = table(table);
        if (loaded == null) {
            return 0;
        }
        long rows = 0;
        try (CloseableIterable<Record> records = IcebergGenerics.read(loaded).build()) {
            for (Record ignored : records) {
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    @Override
    public List<Map<String, Object>> rows(String table, Schema valueSchema, String orderBy) {
        Table loaded = table(table);
        List<Map<String, Object>> rows = new ArrayList<>();
        if (loaded == null) {
            return rows;
        }
        try (CloseableIterable<Record> records = IcebergGenerics.read(loaded).build()) {
            for (Record record : records) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Field field : valueSchema.fields()) {
                    row.put(field.name(), toConnect(record.getField(field.name()), field.schema()));
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.sort(Comparator.comparing(row -> (Comparable) row.get(orderBy), Comparator.nullsLast(Comparator.naturalOrder())));
        return rows;
    }

    @Override
    public List<String> columnNames(String table) {
        Table loaded = table(table);
        List<String> names = new ArrayList<>();
        if (loaded != null) {
            loaded.schema().columns().forEach(column -> names.add(column.name()));
        }
        return names;
    }

    @Override
    public void reset() {
        Catalog catalog = catalog();
        for (TableIdentifier table : catalog.listTables(Namespace.of(handle.namespace()))) {
            catalog.dropTable(table, true);
        }
    }

    @Override
    public boolean supportsTruncateOnFirstWrite() {
        return true;
    }

    /** An Iceberg generic value as the Connect value of {@code schema}. */
    @SuppressWarnings("unchecked")
    static Object toConnect(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        String logical = schema.name() == null ? "" : schema.name();
        switch (logical) {
            case org.apache.kafka.connect.data.Decimal.LOGICAL_NAME: {
                int scale = Integer.parseInt(schema.parameters().get(org.apache.kafka.connect.data.Decimal.SCALE_FIELD));
                BigDecimal decimal = value instanceof BigDecimal exact ? exact : new BigDecimal(value.toString());
                return decimal.setScale(scale);
            }
            case org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME:
                return java.util.Date.from(instant(value));
            case "dev.ampconnect.TimestampNanos":
                return ArrowJsonDecoder.epochNanos(instant(value));
            case org.apache.kafka.connect.data.Date.LOGICAL_NAME:
                return ArrowJsonDecoder.date((LocalDate) value);
            case org.apache.kafka.connect.data.Time.LOGICAL_NAME:
                return ArrowJsonDecoder.time((LocalTime) value);
            default:
                break;
        }
        switch (schema.type()) {
            case INT8:
                return ((Number) value).byteValue();
            case INT16:
                return ((Number) value).shortValue();
            case INT32:
                return ((Number) value).intValue();
            case INT64:
                return ((Number) value).longValue();
            case FLOAT32:
                return ((Number) value).floatValue();
            case FLOAT64:
                return ((Number) value).doubleValue();
            case BOOLEAN:
                return value;
            case STRING:
                return value.toString();
            case BYTES:
                if (value instanceof ByteBuffer buffer) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.duplicate().get(bytes);
                    return bytes;
                }
                return value;
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object element : (List<Object>) value) {
                    out.add(toConnect(element, schema.valueSchema()));
                }
                return out;
            }
            case MAP: {
                Map<Object, Object> out = new LinkedHashMap<>();
                ((Map<Object, Object>) value).forEach((k, v) -> out.put(toConnect(k, schema.keySchema()),
                        toConnect(v, schema.valueSchema())));
                return out;
            }
            case STRUCT: {
                Record record = (Record) value;
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, toConnect(record.getField(field.name()), field.schema()));
                }
                return struct;
            }
            default:
                throw new IllegalStateException("no conversion of " + value.getClass() + " to " + schema.type());
        }
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof OffsetDateTime zoned) {
            return zoned.toInstant();
        }
        return ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
    }
}
