package dev.ampconnect.simulator.sql;

/** One lexical token of a query. */
record SqlToken(Kind kind, String text, int position) {

    enum Kind { WORD, QUOTED_IDENTIFIER, NUMBER, STRING, SYMBOL, END }

    /** Whether this is the unquoted keyword {@code keyword} (case-insensitive). */
    boolean isKeyword(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }

    String describe() {
        return kind == Kind.END ? "end of query" : "'" + text + "' at position " + position;
    }
}
