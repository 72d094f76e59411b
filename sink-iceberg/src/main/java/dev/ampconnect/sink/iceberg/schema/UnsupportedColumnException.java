package dev.ampconnect.sink.iceberg.schema;

/** A column the Iceberg sink cannot map or write, with the column named in the message. */
public final class UnsupportedColumnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedColumnException(String message) {
        super(message);
    }
}
