package dev.ampconnect.simulator.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits a query into {@link SqlToken}s: words, "quoted identifiers", numbers, 'strings', symbols; skips comments. */
final class SqlTokenizer {

    private static final List<String> SYMBOLS = List.of("<=", ">=", "<>", "!=", "=", "<", ">", ",", ".", "*", "(", ")", ";",
            "+", "-", "/", "%", "|");

    private SqlTokenizer() {
    }

    static List<SqlToken> tokenize(String sql) {
        List<SqlToken> tokens = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? sql.length() : newline + 1;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new InvalidQueryException("unterminated /* comment at position " + i);
                }
                i = close + 2;
            } else if (c == '"' || c == '\'') {
                i = quoted(sql, i, c, tokens);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new SqlToken(SqlToken.Kind.WORD, sql.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new SqlToken(SqlToken.Kind.NUMBER, sql.substring(start, i), start));
            } else {
                i = symbol(sql, i, tokens);
            }
        }
        tokens.add(new SqlToken(SqlToken.Kind.END, "", sql.length()));
        return tokens;
    }

    /** A quoted identifier or string; a doubled quote inside stands for one. */
    private static int quoted(String sql, int start, char quote, List<SqlToken> tokens) {
        StringBuilder text = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= sql.length()) {
                throw new InvalidQueryException("unterminated " + quote + " quote starting at position " + start);
            }
            char c = sql.charAt(i);
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    text.append(quote);
                    i += 2;
                    continue;
                }
                break;
            }
            text.append(c);
            i++;
        }
        SqlToken.Kind kind = quote == '"' ? SqlToken.Kind.QUOTED_IDENTIFIER : SqlToken.Kind.STRING;
        tokens.add(new SqlToken(kind, text.toString(), start));
        return i + 1;
    }

    private static int symbol(String sql, int start, List<SqlToken> tokens) {
        for (String symbol : SYMBOLS) {
            if (sql.startsWith(symbol, start)) {
                tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, symbol, start));
                return start + symbol.length();
            }
        }
        throw new InvalidQueryException("unexpected character '" + sql.charAt(start) + "' at position " + start);
    }
}
