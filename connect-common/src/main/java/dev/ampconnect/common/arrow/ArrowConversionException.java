package dev.ampconnect.common.arrow;

import org.apache.kafka.connect.errors.DataException;

/**
 * An Arrow schema or value cannot be converted as TYPES.md requires. The message names the column
 * (and the row, for a value), what was expected and what arrived.
 */
public class ArrowConversionException extends DataException {

    private static final long serialVersionUID = 1L;

    public ArrowConversionException(String message) {
        super(message);
    }

    public ArrowConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
