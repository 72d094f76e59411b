package dev.ampconnect.sink.iceberg.schema;

/**
 * An existing table cannot take the records (a column of another type, a required column the records lack, a
 * missing column while evolution is off) or does not exist while creation is off; the message names the table and
 * the column and what to do.
 */
public final class IncompatibleTableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean configuration;

    /** The records conflict with the table's columns (these records cannot be stored; others may). */
    public IncompatibleTableException(String message) {
        this(message, false);
    }

    private IncompatibleTableException(String message, boolean configuration) {
        super(message);
        this.configuration = configuration;
    }

    /** The table or a column is missing and the configuration forbids creating it: no record can be stored. */
    public static IncompatibleTableException configuration(String message) {
        return new IncompatibleTableException(message, true);
    }

    /** Whether the configuration (table.auto.create, table.auto.evolve) is what prevents the write. */
    public boolean isConfiguration() {
        return configuration;
    }
}
