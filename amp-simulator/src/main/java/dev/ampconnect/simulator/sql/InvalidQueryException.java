package dev.ampconnect.simulator.sql;

/** A query the simulator cannot run; the message says what was wrong and what is understood. */
public class InvalidQueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The SQL subset, quoted in error messages so the user knows what to write instead. */
    public static final String UNDERSTOOD = "amp-simulator understands SELECT <* | column, ...> FROM "
            + "<dataset>.<table> [WHERE <block filter>] [SETTINGS stream = true], where a block filter is "
            + "block_num (or _block_num) compared with integers (=, <, <=, >, >=, BETWEEN a AND b) joined by AND";

    public InvalidQueryException(String message) {
        super(message);
    }
}
