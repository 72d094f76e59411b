package dev.ampconnect.common.arrow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * A small, strict Connect -> Avro mapper for tests, written the way an Avro converter maps (Confluent's
 * AvroData conventions): optional = union with null first, {@code Decimal} = bytes + decimal(p,s),
 * fixed-size BYTES = named {@code fixed}, {@code Timestamp} = long timestamp-millis, nanos = long
 * timestamp-nanos, {@code Date} = int date, {@code Time} = int time-millis, STRUCT = record under its
 * Connect name (which must exist), MAP with STRING keys = map, other maps = array of key/value records.
 * It refuses, instead of patching up, anything the Arrow mapper should never produce: an unnamed struct,
 * two different structs with one name, a decimal without precision.
 */
final class ConnectAvroMapper {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final org.apache.avro.Schema NULL = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL);

    /** Named Avro types defined so far, with the Connect schema each came from: a name is defined once. */
    private final Map<String, org.apache.avro.Schema> named = new HashMap<>();
    private final Map<String, Object> namedFrom = new HashMap<>();

    org.apache.avro.Schema toAvroSchema(Schema schema) {
        return avro(schema, schema.name());
    }

    private org.apache.avro.Schema avro(Schema schema, String context) {
        org.apache.avro.Schema base = avroBase(schema, context);
        return schema.isOptional() ? org.apache.avro.Schema.createUnion(NULL, base) : base;
    }

    private org.apache.avro.Schema avroBase(Schema schema, String context) {
        String name = schema.name();
        switch (schema.type()) {
            case BOOLEAN:
                return primitive(org.apache.avro.Schema.Type.BOOLEAN);
            case INT8:
            case INT16:
                return primitive(org.apache.avro.Schema.Type.INT);
            case INT32:
                if (Date.LOGICAL_NAME.equals(name)) {
                    return LogicalTypes.date().addToSchema(primitive(org.apache.avro.Schema.Type.INT));
                }
                if (Time.LOGICAL_NAME.equals(name)) {
                    return LogicalTypes.timeMillis().addToSchema(primitive(org.apache.avro.Schema.Type.INT));
                }
                return primitive(org.apache.avro.Schema.Type.INT);
            case INT64:
                if (Timestamp.LOGICAL_NAME.equals(name)) {
                    return LogicalTypes.timestampMillis().addToSchema(primitive(org.apache.avro.Schema.Type.LONG));
                }
                if (SchemaConventions.isTimestampNanos(schema)) {
                    return LogicalTypes.timestampNanos().addToSchema(primitive(org.apache.avro.Schema.Type.LONG));
                }
                return primitive(org.apache.avro.Schema.Type.LONG);
            case FLOAT32:
                return primitive(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64:
                return primitive(org.apache.avro.Schema.Type.DOUBLE);
            case STRING:
                return primitive(org.apache.avro.Schema.Type.STRING);
            case BYTES:
                if (Decimal.LOGICAL_NAME.equals(name)) {
                    int precision = SchemaConventions.decimalPrecision(schema);
                    if (precision < 0) {
                        throw new IllegalArgumentException("Decimal at " + context + " has no precision");
                    }
                    int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                    return LogicalTypes.decimal(precision, scale).addToSchema(primitive(org.apache.avro.Schema.Type.BYTES));
                }
                int size = SchemaConventions.fixedSize(schema);
                if (size >= 0) {
                    return define(name, size, () -> org.apache.avro.Schema.createFixed(name, null, null, size));
                }
                return primitive(org.apache.avro.Schema.Type.BYTES);
            case ARRAY:
                return org.apache.avro.Schema.createArray(avro(schema.valueSchema(), context + "_item"));
            case MAP:
                if (schema.keySchema().type() == Schema.Type.STRING && !schema.keySchema().isOptional()) {
                    return org.apache.avro.Schema.createMap(avro(schema.valueSchema(), context + "_value"));
                }
                String entryName = context + "_entry";
                org.apache.avro.Schema entry = define(entryName, List.of(schema.keySchema(), schema.valueSchema()), () -> org.apache.avro.Schema.createRecord(entryName, null, null, false,
                        List.of(new org.apache.avro.Schema.Field("key", avro(schema.keySchema(), context + "_key")),
                                new org.apache.avro.Schema.Field("value", avro(schema.valueSchema(), context + "_value")))));
                return org.apache.avro.Schema.createArray(entry);
            case STRUCT:
                if (name == null) {
                    throw new IllegalArgumentException("struct at " + context + " has no name");
                }
                return define(name, schema.fields(), () -> {
                    List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
                    for (Field field : schema.fields()) {
                        fields.add(new org.apache.avro.Schema.Field(field.name(), avro(field.schema(), name + "." + field.name())));
                    }
                    return org.apache.avro.Schema.createRecord(name, null, null, false, fields);
                });
            default:
                throw new IllegalArgumentException("no Avro mapping for " + schema.type() + " at " + context);
        }
    }

    /** Defines a named type once; {@code definition} is what must be equal for a second use of the name (not optionality). */
    private org.apache.avro.Schema define(String name, Object definition, java.util.function.Supplier<org.apache.avro.Schema> create) {
        org.apache.avro.Schema existing = named.get(name);
        if (existing != null) {
            if (!namedFrom.get(name).equals(definition)) {
                throw new IllegalArgumentException("two different schemas are both named " + name);
            }
            return existing;
        }
        namedFrom.put(name, definition);
        org.apache.avro.Schema created = create.get();
        named.put(name, created);
        return created;
    }

    private static org.apache.avro.Schema primitive(org.apache.avro.Schema.Type type) {
        return org.apache.avro.Schema.create(type);
    }

    /** A Connect value as the Avro generic datum of {@code avro} (the schema {@link #toAvroSchema} gave for it). */
    Object toAvro(Schema schema, org.apache.avro.Schema avro, Object value) {
        if (value == null) {
            if (!schema.isOptional()) {
                throw new IllegalArgumentException("null for required " + schema);
            }
            return null;
        }
        org.apache.avro.Schema base = nonNull(avro);
        String name = schema.name();
        switch (schema.type()) {
            case INT8:
                return ((Byte) value).intValue();
            case INT16:
                return ((Short) value).intValue();
            case INT32:
                if (Date.LOGICAL_NAME.equals(name)) {
                    long millis = ((java.util.Date) value).getTime();
                    if (millis % MILLIS_PER_DAY != 0) {
                        throw new IllegalArgumentException("Date not at midnight: " + millis);
                    }
                    return (int) (millis / MILLIS_PER_DAY);
                }
                if (Time.LOGICAL_NAME.equals(name)) {
                    return (int) ((java.util.Date) value).getTime();
                }
                return value;
            case INT64:
                return Timestamp.LOGICAL_NAME.equals(name) ? ((java.util.Date) value).getTime() : value;
            case BYTES:
                if (Decimal.LOGICAL_NAME.equals(name)) {
                    BigDecimal decimal = (BigDecimal) value;
                    int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                    if (decimal.scale() != scale) {
                        throw new IllegalArgumentException("decimal " + decimal + " has scale " + decimal.scale() + ", schema " + scale);
                    }
                    if (decimal.precision() > SchemaConventions.decimalPrecision(schema)) {
                        throw new IllegalArgumentException("decimal " + decimal + " exceeds precision of " + schema);
                    }
                    return ByteBuffer.wrap(decimal.unscaledValue().toByteArray());
                }
                if (SchemaConventions.fixedSize(schema) >= 0) {
                    byte[] bytes = (byte[]) value;
                    if (bytes.length != base.getFixedSize()) {
                        throw new IllegalArgumentException(bytes.length + " bytes for " + base);
                    }
                    return new GenericData.Fixed(base, bytes);
                }
                return ByteBuffer.wrap((byte[]) value);
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object element : (List<?>) value) {
                    out.add(toAvro(schema.valueSchema(), base.getElementType(), element));
                }
                return new GenericData.Array<>(base, out);
            }
            case MAP: {
                Map<?, ?> map = (Map<?, ?>) value;
                if (base.getType() == org.apache.avro.Schema.Type.MAP) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    map.forEach((k, v) -> out.put((String) k, toAvro(schema.valueSchema(), base.getValueType(), v)));
                    return out;
                }
                org.apache.avro.Schema entry = base.getElementType();
                List<Object> out = new ArrayList<>();
                map.forEach((k, v) -> {
                    GenericData.Record record = new GenericData.Record(entry);
                    record.put("key", toAvro(schema.keySchema(), entry.getField("key").schema(), k));
                    record.put("value", toAvro(schema.valueSchema(), entry.getField("value").schema(), v));
                    out.add(record);
                });
                return new GenericData.Array<>(base, out);
            }
            case STRUCT: {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(base);
                for (Field field : schema.fields()) {
                    record.put(field.name(), toAvro(field.schema(), base.getField(field.name()).schema(), struct.get(field)));
                }
                return record;
            }
            default:
                return value;
        }
    }

    /** An Avro generic datum (as read back by a GenericDatumReader) as the Connect value of {@code schema}. */
    Object toConnect(Schema schema, org.apache.avro.Schema avro, Object datum) {
        if (datum == null) {
            return null;
        }
        org.apache.avro.Schema base = nonNull(avro);
        String name = schema.name();
        switch (schema.type()) {
            case INT8:
                return ((Integer) datum).byteValue();
            case INT16:
                return ((Integer) datum).shortValue();
            case INT32:
                if (Date.LOGICAL_NAME.equals(name)) {
                    return new java.util.Date((Integer) datum * MILLIS_PER_DAY);
                }
                if (Time.LOGICAL_NAME.equals(name)) {
                    return new java.util.Date((Integer) datum);
                }
                return datum;
            case INT64:
                return Timestamp.LOGICAL_NAME.equals(name) ? new java.util.Date((Long) datum) : datum;
            case STRING:
                return datum.toString();
            case BYTES:
                if (Decimal.LOGICAL_NAME.equals(name)) {
                    int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                    return new BigDecimal(new BigInteger(bytes((ByteBuffer) datum)), scale);
                }
                if (datum instanceof GenericFixed fixed) {
                    return fixed.bytes();
                }
                return bytes((ByteBuffer) datum);
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object element : (List<?>) datum) {
                    out.add(toConnect(schema.valueSchema(), base.getElementType(), element));
                }
                return out;
            }
            case MAP: {
                Map<Object, Object> out = new LinkedHashMap<>();
                if (base.getType() == org.apache.avro.Schema.Type.MAP) {
                    ((Map<?, ?>) datum).forEach((k, v) -> out.put(k.toString(), toConnect(schema.valueSchema(), base.getValueType(), v)));
                } else {
                    org.apache.avro.Schema entry = base.getElementType();
                    for (Object element : (List<?>) datum) {
                        GenericRecord record = (GenericRecord) element;
                        out.put(toConnect(schema.keySchema(), entry.getField("key").schema(), record.get("key")),
                                toConnect(schema.valueSchema(), entry.getField("value").schema(), record.get("value")));
                    }
                }
                return out;
            }
            case STRUCT: {
                GenericRecord record = (GenericRecord) datum;
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, toConnect(field.schema(), base.getField(field.name()).schema(), record.get(field.name())));
                }
                return struct;
            }
            default:
                return datum;
        }
    }

    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema avro) {
        if (avro.getType() != org.apache.avro.Schema.Type.UNION) {
            return avro;
        }
        return avro.getTypes().stream().filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElseThrow();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
