package dev.ampconnect.sink.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A ClickHouse data type as a tree: {@code Nullable(FixedString(32))}, {@code DateTime64(9, 'UTC')},
 * {@code Array(Tuple(a UInt64, b String))}. Built by {@link ChTypeMapping} for new columns and parsed from
 * {@code system.columns.type} for existing ones, so both compare structurally and render the same DDL.
 *
 * @param name        the type name, e.g. {@code Decimal}, {@code Tuple}
 * @param elementName the element's name inside a named {@code Tuple}, else {@code null}
 * @param arguments   type arguments that are types ({@code Array(T)}, {@code Map(K, V)}, {@code Tuple(...)})
 * @param literals    type arguments that are literals ({@code 32}, {@code 9}, {@code 'UTC'}), as written
 */
record ChType(String name, String elementName, List<ChType> arguments, List<String> literals) {

    ChType {
        arguments = List.copyOf(arguments);
        literals = List.copyOf(literals);
    }

    /** A type without arguments, e.g. {@code UInt64}. */
    static ChType of(String name) {
        return new ChType(name, null, List.of(), List.of());
    }

    /** A type with literal arguments, e.g. {@code FixedString(32)}. */
    static ChType withLiterals(String name, String... literals) {
        return new ChType(name, null, List.of(), List.of(literals));
    }

    /** A type with type arguments, e.g. {@code Array(String)}. */
    static ChType withTypes(String name, List<ChType> arguments) {
        return new ChType(name, null, arguments, List.of());
    }

    static ChType nullable(ChType inner) {
        return withTypes("Nullable", List.of(inner));
    }

    /** This type as the element {@code name} of a named Tuple. */
    ChType named(String name) {
        return new ChType(this.name, name, arguments, literals);
    }

    boolean isNullable() {
        return name.equals("Nullable");
    }

    /** Without {@code Nullable(...)} and {@code LowCardinality(...)} wrappers. */
    ChType unwrapped() {
        ChType type = this;
        while (type.name.equals("Nullable") || type.name.equals("LowCardinality")) {
            type = type.arguments.get(0);
        }
        return elementName == null ? type : type.named(elementName);
    }

    /** The integer literal argument at {@code index}. */
    int intLiteral(int index) {
        return Integer.parseInt(literals.get(index).trim());
    }

    /** The DDL spelling, e.g. {@code Nullable(DateTime64(9, 'UTC'))}. */
    String sql() {
        String own = arguments.isEmpty() && literals.isEmpty() ? name
                : name + "(" + (arguments.isEmpty() ? String.join(", ", literals)
                : arguments.stream().map(ChType::elementSql).collect(Collectors.joining(", "))) + ")";
        return own;
    }

    private String elementSql() {
        return elementName == null ? sql() : ChIdentifiers.quote(elementName) + " " + sql();
    }

    @Override
    public String toString() {
        return sql();
    }

    /**
     * Parses a type as ClickHouse prints it ({@code system.columns.type}, {@code DESCRIBE}).
     *
     * @throws IllegalArgumentException naming the position of what could not be parsed
     */
    static ChType parse(String text) {
        Parser parser = new Parser(text);
        ChType type = parser.type();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw new IllegalArgumentException("unexpected '" + text.substring(parser.position) + "' in ClickHouse type " + text);
        }
        return type;
    }

    /** Recursive descent over the type grammar: name [ '(' argument { ',' argument } ')' ]. */
    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        ChType type() {
            skipSpaces();
            String first = word();
            skipSpaces();
            // a named Tuple element: `name Type` or name Type
            String elementName = null;
            if (!atEnd() && startsWord() && !first.isEmpty()) {
                elementName = unquote(first);
                first = word();
                skipSpaces();
            }
            if (first.isEmpty()) {
                throw new IllegalArgumentException("expected a type name at position " + position + " of " + text);
            }
            List<ChType> arguments = new ArrayList<>();
            List<String> literals = new ArrayList<>();
            if (!atEnd() && text.charAt(position) == '(') {
                position++;
                while (true) {
                    skipSpaces();
                    if (peek() == ')') {
                        position++;
                        break;
                    }
                    if (isLiteralStart(peek())) {
                        literals.add(literal());
                    } else {
                        arguments.add(type());
                    }
                    skipSpaces();
                    char next = next();
                    if (next == ')') {
                        break;
                    }
                    if (next != ',') {
                        throw new IllegalArgumentException("expected ',' or ')' at position " + (position - 1) + " of " + text);
                    }
                }
            }
            ChType type = new ChType(first, null, arguments, literals);
            return elementName == null ? type : type.named(elementName);
        }

        private boolean startsWord() {
            char c = peek();
            return Character.isLetter(c) || c == '_' || c == '`';
        }

        private String word() {
            if (!atEnd() && peek() == '`') {
                int start = position++;
                while (!atEnd() && !(peek() == '`' && text.charAt(position - 1) != '\\')) {
                    position++;
                }
                position++;
                return text.substring(start, position);
            }
            int start = position;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                position++;
            }
            return text.substring(start, position);
        }

        /** Up to the next ',' or ')' outside quotes and parentheses, e.g. {@code 'UTC'}, {@code 'a' = 1}. */
        private String literal() {
            int start = position;
            int depth = 0;
            boolean quoted = false;
            while (!atEnd()) {
                char c = peek();
                if (quoted) {
                    if (c == '\\') {
                        position++;
                    } else if (c == '\'') {
                        quoted = false;
                    }
                } else if (c == '\'') {
                    quoted = true;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' || c == ',') {
                    if (depth == 0) {
                        break;
                    }
                    if (c == ')') {
                        depth--;
                    }
                }
                position++;
            }
            return text.substring(start, position).trim();
        }

        private static boolean isLiteralStart(char c) {
            return c == '\'' || c == '-' || Character.isDigit(c);
        }

        private static String unquote(String word) {
            if (word.startsWith("`") && word.endsWith("`") && word.length() >= 2) {
                return word.substring(1, word.length() - 1).replace("\\`", "`").replace("\\\\", "\\");
            }
            return word;
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                position++;
            }
        }

        boolean atEnd() {
            return position >= text.length();
        }

        private char peek() {
            if (atEnd()) {
                throw new IllegalArgumentException("unexpected end of ClickHouse type " + text);
            }
            return text.charAt(position);
        }

        private char next() {
            char c = peek();
            position++;
            return c;
        }
    }

    /** Lower-case name, for case-insensitive checks of aliases such as {@code BOOL}. */
    String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }
}
