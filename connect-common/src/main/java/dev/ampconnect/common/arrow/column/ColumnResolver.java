package dev.ampconnect.common.arrow.column;

import dev.ampconnect.common.arrow.ArrowConversionException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Resolves Arrow fields to {@link Column}s: the one place in amp-connect that switches over Arrow types.
 * An Arrow type TYPES.md does not support (Interval, Duration, Union, ListView, RunEndEncoded, a
 * dictionary-encoded column, an integer or decimal width Arrow Java has no vector for) fails here, with
 * an {@link ArrowConversionException} naming the column's path and the type, before any value is read.
 */
public final class ColumnResolver {

    private ColumnResolver() {
    }

    /** The columns of a schema, in order (each path is the field name). */
    public static ResolvedColumns resolve(org.apache.arrow.vector.types.pojo.Schema schema) {
        List<Column> columns = new ArrayList<>(schema.getFields().size());
        for (Field field : schema.getFields()) {
            columns.add(resolve(field, field.getName()));
        }
        return new ResolvedColumns(columns);
    }

    /** A top-level column: its path is its name. */
    public static Column resolve(Field field) {
        return resolve(field, field.getName());
    }

    /**
     * The column of {@code field}, its children resolved recursively.
     *
     * @param path where the field sits, for messages (children get {@code path.child}, {@code path[]},
     *             {@code path{key}}, {@code path{value}})
     * @throws ArrowConversionException naming the path when the field's type (or a child's) is not supported
     */
    public static Column resolve(Field field, String path) {
        ColumnKind kind = kind(field, path);
        if (field.getDictionary() != null) {
            throw unsupported(path, "dictionary-encoded " + kind.label());
        }
        return new Column(field.getName(), path, field.isNullable(), kind);
    }

    private static ColumnKind kind(Field field, String path) {
        ArrowType type = field.getType();
        return switch (type.getTypeID()) {
            case Null -> new ColumnKind.Null();
            case Bool -> new ColumnKind.Bool();
            case Int -> {
                ArrowType.Int integer = (ArrowType.Int) type;
                ColumnKind.IntType intType = ColumnKind.IntType.of(integer.getBitWidth(), integer.getIsSigned());
                if (intType == null) {
                    throw unsupported(path, type.toString());
                }
                yield new ColumnKind.Int(intType);
            }
            case FloatingPoint -> new ColumnKind.FloatingPoint(((ArrowType.FloatingPoint) type).getPrecision());
            case Decimal -> {
                ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                if (decimal.getBitWidth() != 128 && decimal.getBitWidth() != 256) {
                    throw unsupported(path, type + " (Arrow Java reads 128- and 256-bit decimals only)");
                }
                yield new ColumnKind.Decimal(decimal.getPrecision(), decimal.getScale(), decimal.getBitWidth());
            }
            case Utf8 -> new ColumnKind.Utf8(ColumnKind.VarWidthLayout.REGULAR);
            case LargeUtf8 -> new ColumnKind.Utf8(ColumnKind.VarWidthLayout.LARGE);
            case Utf8View -> new ColumnKind.Utf8(ColumnKind.VarWidthLayout.VIEW);
            case Binary -> new ColumnKind.Binary(ColumnKind.VarWidthLayout.REGULAR);
            case LargeBinary -> new ColumnKind.Binary(ColumnKind.VarWidthLayout.LARGE);
            case BinaryView -> new ColumnKind.Binary(ColumnKind.VarWidthLayout.VIEW);
            case FixedSizeBinary -> new ColumnKind.FixedSizeBinary(((ArrowType.FixedSizeBinary) type).getByteWidth());
            case Date -> new ColumnKind.Date(((ArrowType.Date) type).getUnit());
            case Time -> new ColumnKind.Time(((ArrowType.Time) type).getUnit());
            case Timestamp -> {
                ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
                yield new ColumnKind.Timestamp(timestamp.getUnit(), timestamp.getTimezone());
            }
            case List -> list(field, path, ColumnKind.ListLayout.REGULAR, 0);
            case LargeList -> list(field, path, ColumnKind.ListLayout.LARGE, 0);
            case FixedSizeList -> list(field, path, ColumnKind.ListLayout.FIXED_SIZE,
                    ((ArrowType.FixedSizeList) type).getListSize());
            case Struct -> {
                List<Column> children = new ArrayList<>(field.getChildren().size());
                for (Field child : field.getChildren()) {
                    children.add(resolve(child, path + "." + child.getName()));
                }
                yield new ColumnKind.Struct(children);
            }
            case Map -> {
                Field entries = onlyChild(field, path);
                if (entries.getChildren().size() != 2) {
                    throw unsupported(path, "map whose entries have " + entries.getChildren().size() + " fields");
                }
                yield new ColumnKind.Map(resolve(entries.getChildren().get(0), path + "{key}"),
                        resolve(entries.getChildren().get(1), path + "{value}"), ((ArrowType.Map) type).getKeysSorted());
            }
            default -> throw unsupported(path, type.toString());
        };
    }

    private static ColumnKind list(Field field, String path, ColumnKind.ListLayout layout, int fixedSize) {
        return new ColumnKind.List(layout, fixedSize, resolve(onlyChild(field, path), path + "[]"));
    }

    private static Field onlyChild(Field field, String path) {
        if (field.getChildren().size() != 1) {
            throw unsupported(path, field.getType() + " with " + field.getChildren().size() + " children");
        }
        return field.getChildren().get(0);
    }

    private static ArrowConversionException unsupported(String path, String type) {
        return new ArrowConversionException("column '" + path + "' has Arrow type " + type
                + ", which amp-connect does not support (see connect-common/TYPES.md);"
                + " cast it in the query to a supported type (e.g. VARCHAR)");
    }
}
