package dev.ampconnect.simulator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the simulator's SQL subset ({@link InvalidQueryException#UNDERSTOOD}). Constructs that streaming
 * queries reject (aggregates, DISTINCT, LIMIT, ORDER BY, GROUP BY, HAVING, window functions, joins, set
 * operations) raise {@link UnsupportedConstructException}; anything else outside the subset raises
 * {@link InvalidQueryException}.
 */
public final class QueryParser {

    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "array_agg",
            "string_agg", "approx_distinct", "median", "stddev", "variance", "bool_and", "bool_or",
            "first_value", "last_value", "row_number", "rank", "dense_rank", "lag", "lead");
    private static final Set<String> BLOCK_COLUMNS = Set.of("block_num", "_block_num");

    private final List<SqlToken> tokens;
    private int position;

    private QueryParser(List<SqlToken> tokens) {
        this.tokens = tokens;
    }

    /** Parses {@code sql}. */
    public static ParsedQuery parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidQueryException("empty query; " + InvalidQueryException.UNDERSTOOD);
        }
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        int settingsAt = indexOfKeyword(tokens, "settings");
        Boolean stream = settingsAt < 0 ? null : parseSettings(tokens.subList(settingsAt + 1, tokens.size()));
        String construct = unsupportedConstruct(tokens, settingsAt < 0 ? tokens.size() : settingsAt);
        if (construct != null) {
            throw new UnsupportedConstructException(construct, stream);
        }
        List<SqlToken> body = new ArrayList<>(settingsAt < 0 ? tokens.subList(0, tokens.size() - 1)
                : tokens.subList(0, settingsAt));
        body.add(tokens.get(tokens.size() - 1));
        return new QueryParser(body).query(stream);
    }

    private ParsedQuery query(Boolean stream) {
        expectKeyword("select");
        List<String> columns = projection();
        expectKeyword("from");
        String dataset = identifier("a dataset reference (e.g. \"edgeandnode/ethereum_mainnet@1.0.0\" or eth_rpc)");
        if (!peek().isSymbol(".")) {
            throw new InvalidQueryException("table '" + dataset + "' must be qualified with its dataset, e.g. "
                    + "eth_rpc." + dataset + "; " + InvalidQueryException.UNDERSTOOD);
        }
        next();
        String table = identifier("a table name");
        if (peek().isSymbol(".")) {
            throw new InvalidQueryException("table references have two parts, <dataset>.<table>; got more at "
                    + peek().describe());
        }
        BlockFilter filter = BlockFilter.ALL;
        if (peek().isKeyword("where")) {
            next();
            filter = conjunction();
        }
        if (peek().isSymbol(";")) {
            next();
        }
        if (peek().kind() != SqlToken.Kind.END) {
            throw new InvalidQueryException("unexpected " + peek().describe() + "; " + InvalidQueryException.UNDERSTOOD);
        }
        return new ParsedQuery(dataset, table, columns, filter, stream);
    }

    private List<String> projection() {
        if (peek().isSymbol("*")) {
            next();
            return List.of();
        }
        List<String> columns = new ArrayList<>();
        columns.add(identifier("a column name or *"));
        while (peek().isSymbol(",")) {
            next();
            columns.add(identifier("a column name"));
        }
        if (peek().isSymbol("(") || peek().isKeyword("as")) {
            throw new InvalidQueryException("only plain column names can be selected, got " + peek().describe()
                    + "; " + InvalidQueryException.UNDERSTOOD);
        }
        return columns;
    }

    private BlockFilter conjunction() {
        BlockFilter filter = comparison();
        while (peek().isKeyword("and")) {
            next();
            filter = filter.and(comparison());
        }
        if (peek().isKeyword("or") || peek().isKeyword("not")) {
            throw new InvalidQueryException("only AND-combined block filters are understood, got "
                    + peek().describe() + "; " + InvalidQueryException.UNDERSTOOD);
        }
        return filter;
    }

    private BlockFilter comparison() {
        if (peek().isSymbol("(")) {
            next();
            BlockFilter inner = conjunction();
            expectSymbol(")");
            return inner;
        }
        if (peek().kind() == SqlToken.Kind.NUMBER) {
            long value = number();
            String operator = operator();
            blockColumn();
            return compare(mirror(operator), value);
        }
        blockColumn();
        if (peek().isKeyword("between")) {
            next();
            long low = number();
            expectKeyword("and");
            long high = number();
            return new BlockFilter(low, high);
        }
        String operator = operator();
        return compare(operator, number());
    }

    private static BlockFilter compare(String operator, long value) {
        return switch (operator) {
            case "=" -> new BlockFilter(value, value);
            case ">=" -> new BlockFilter(value, Long.MAX_VALUE);
            case ">" -> new BlockFilter(value == Long.MAX_VALUE ? 1 : value + 1, value == Long.MAX_VALUE ? 0 : Long.MAX_VALUE);
            case "<=" -> new BlockFilter(0, value);
            case "<" -> value == 0 ? new BlockFilter(1, 0) : new BlockFilter(0, value - 1);
            default -> throw new IllegalStateException("operator " + operator);
        };
    }

    private static String mirror(String operator) {
        return switch (operator) {
            case ">" -> "<";
            case "<" -> ">";
            case ">=" -> "<=";
            case "<=" -> ">=";
            default -> operator;
        };
    }

    private String operator() {
        SqlToken token = next();
        if (token.kind() == SqlToken.Kind.SYMBOL && Set.of("=", "<", "<=", ">", ">=").contains(token.text())) {
            return token.text();
        }
        throw new InvalidQueryException("expected a comparison (=, <, <=, >, >=, BETWEEN), got " + token.describe()
                + "; " + InvalidQueryException.UNDERSTOOD);
    }

    private void blockColumn() {
        SqlToken token = next();
        if (!token.isIdentifier() || !BLOCK_COLUMNS.contains(token.text().toLowerCase(Locale.ROOT))) {
            throw new InvalidQueryException("the WHERE clause can only filter on block_num or _block_num, got "
                    + token.describe() + "; " + InvalidQueryException.UNDERSTOOD);
        }
    }

    private long number() {
        SqlToken token = next();
        if (token.kind() != SqlToken.Kind.NUMBER) {
            throw new InvalidQueryException("expected a block number, got " + token.describe());
        }
        try {
            return Long.parseLong(token.text());
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("block number " + token.text() + " is out of range");
        }
    }

    private String identifier(String expected) {
        SqlToken token = next();
        if (!token.isIdentifier() || (token.kind() == SqlToken.Kind.WORD && isReserved(token.text()))) {
            throw new InvalidQueryException("expected " + expected + ", got " + token.describe() + "; "
                    + InvalidQueryException.UNDERSTOOD);
        }
        return token.text();
    }

    private void expectKeyword(String keyword) {
        SqlToken token = next();
        if (!token.isKeyword(keyword)) {
            throw new InvalidQueryException("expected " + keyword.toUpperCase(Locale.ROOT) + ", got "
                    + token.describe() + "; " + InvalidQueryException.UNDERSTOOD);
        }
    }

    private void expectSymbol(String symbol) {
        SqlToken token = next();
        if (!token.isSymbol(symbol)) {
            throw new InvalidQueryException("expected '" + symbol + "', got " + token.describe());
        }
    }

    private SqlToken peek() {
        return tokens.get(position);
    }

    private SqlToken next() {
        SqlToken token = tokens.get(position);
        if (token.kind() != SqlToken.Kind.END) {
            position++;
        }
        return token;
    }

    private static boolean isReserved(String word) {
        return Set.of("select", "from", "where", "and", "or", "not", "between").contains(word.toLowerCase(Locale.ROOT));
    }

    private static int indexOfKeyword(List<SqlToken> tokens, String keyword) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isKeyword(keyword)) {
                return i;
            }
        }
        return -1;
    }

    /** The first construct streaming rejects among {@code tokens[0..end)}, or null. */
    private static String unsupportedConstruct(List<SqlToken> tokens, int end) {
        for (int i = 0; i < end; i++) {
            SqlToken token = tokens.get(i);
            if (token.kind() != SqlToken.Kind.WORD) {
                continue;
            }
            String word = token.text().toLowerCase(Locale.ROOT);
            boolean call = i + 1 < end && tokens.get(i + 1).isSymbol("(");
            boolean followedByBy = i + 1 < end && tokens.get(i + 1).isKeyword("by");
            switch (word) {
                case "distinct":
                    return "DISTINCT";
                case "limit":
                    return "LIMIT";
                case "offset":
                    return "OFFSET";
                case "order":
                    if (followedByBy) {
                        return "ORDER BY";
                    }
                    break;
                case "group":
                    if (followedByBy) {
                        return "an aggregate (GROUP BY)";
                    }
                    break;
                case "having":
                    return "an aggregate (HAVING)";
                case "over":
                    return "a window function (OVER)";
                case "join":
                    return "a join";
                case "union":
                case "intersect":
                case "except":
                    return "a set operation (" + word.toUpperCase(Locale.ROOT) + ")";
                default:
                    if (call && AGGREGATES.contains(word)) {
                        return "an aggregate (" + word.toUpperCase(Locale.ROOT) + "(...))";
                    }
            }
        }
        return null;
    }

    /** Reads {@code name = value [, ...]} after SETTINGS; returns the {@code stream} setting or null. */
    private static Boolean parseSettings(List<SqlToken> settings) {
        Boolean stream = null;
        int i = 0;
        while (true) {
            SqlToken name = settings.get(i);
            if (!name.isIdentifier() || !settings.get(i + 1).isSymbol("=")) {
                throw new InvalidQueryException("SETTINGS expects name = value pairs, got " + name.describe());
            }
            SqlToken value = settings.get(i + 2);
            if (name.text().equalsIgnoreCase("stream")) {
                stream = switch (value.text().toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> true;
                    case "false", "0" -> false;
                    default -> throw new InvalidQueryException("SETTINGS stream must be true or false, got "
                            + value.describe());
                };
            }
            i += 3;
            if (settings.get(i).isSymbol(",")) {
                i++;
                continue;
            }
            if (settings.get(i).isSymbol(";")) {
                i++;
            }
            if (settings.get(i).kind() != SqlToken.Kind.END) {
                throw new InvalidQueryException("SETTINGS must end the query, got " + settings.get(i).describe());
            }
            return stream;
        }
    }
}
