package dev.ampconnect.simulator.sql;

/**
 * A query using a construct streams cannot have (aggregates, DISTINCT, LIMIT, ORDER BY, window functions,
 * joins, ...). Carries the query's {@code SETTINGS stream} so the caller can word the error as ampd does
 * for streaming queries.
 */
public final class UnsupportedConstructException extends InvalidQueryException {

    private static final long serialVersionUID = 1L;

    private final String construct;
    private final Boolean streamSetting;

    UnsupportedConstructException(String construct, Boolean streamSetting) {
        super("query uses " + construct);
        this.construct = construct;
        this.streamSetting = streamSetting;
    }

    /** What was found, e.g. {@code LIMIT} or {@code aggregate COUNT(...)}. */
    public String construct() {
        return construct;
    }

    /** The query's {@code SETTINGS stream} value, or null when absent. */
    public Boolean streamSetting() {
        return streamSetting;
    }
}
