package dev.ampconnect.sink.postgresql;

/** Writes one column's value of a row as a binary COPY field (length + bytes, or -1 for NULL). */
@FunctionalInterface
interface PgColumnEncoder {

    /**
     * @throws RejectedValue when the value cannot be represented in the column
     */
    void encode(int row, PgBinaryOutput out);

    /** A value that does not fit its column (out of range, sub-microsecond timestamp, …). */
    final class RejectedValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RejectedValue(String message) {
            super(message);
        }
    }
}
