package dev.ampconnect.common.arrow;

/**
 * A value of a column cannot be converted. Thrown deep inside the readers, which know the column but
 * not the row; {@link ArrowRowReader} turns it into an {@link ArrowConversionException} naming both.
 */
final class ColumnValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String column;

    ColumnValueException(String column, String detail) {
        super(detail, null, false, false);
        this.column = column;
    }

    String column() {
        return column;
    }

    String detail() {
        return getMessage();
    }
}
