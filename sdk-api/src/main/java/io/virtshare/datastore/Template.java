package io.virtshare.datastore;

import io.virtshare.InvalidSpecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OpenNebula template: {@code KEY = "value"} attributes in order, as datastore
 * templates are written ({@code NAME = "ai-models"}, {@code DS_MAD = "sharedfs"}).
 *
 * <p>Reads quoted values (with {@code \"} and {@code \\} escapes, spanning lines),
 * unquoted single-word values, {@code #} comments, and vector attributes
 * ({@code DISK = [ ... ]}), which are kept verbatim. Keys are case-insensitive and
 * written in upper case. Attributes this SDK does not know are kept and written back.
 * Immutable: {@link #with(String, String)} returns a new template.
 *
 * <pre>{@code
 * Template t = Template.parse("NAME = \"models\"\nDS_MAD = sharedfs\n");
 * t.get("ds_mad");                                // Optional[sharedfs]
 * String text = t.with("LIMIT_MB", "1024").toText();
 * }</pre>
 */
public final class Template {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_LENGTH = 1 << 20;

    /** Values of simple attributes; vector attributes are stored with their raw {@code [...]} text. */
    private final Map<String, String> attributes;
    private final Map<String, Boolean> vectors;

    private Template(Map<String, String> attributes, Map<String, Boolean> vectors) {
        this.attributes = attributes;
        this.vectors = vectors;
    }

    /** An empty template. */
    public static Template empty() {
        return new Template(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /**
     * Parses template text.
     *
     * @throws DatastoreException with the line number when the text is not a template
     */
    public static Template parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw DatastoreException.invalid("template is larger than " + MAX_LENGTH + " characters");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, Boolean> vectors = new LinkedHashMap<>();
        Parser p = new Parser(text);
        while (p.skipBlankAndComments()) {
            int line = p.line;
            String key = p.word();
            if (!KEY.matcher(key).matches()) {
                throw p.error(line, "expected an attribute name, found '" + key + "'");
            }
            p.skipSpaces();
            if (!p.consume('=')) {
                throw p.error(line, "expected '=' after " + key);
            }
            p.skipSpaces();
            String upper = key.toUpperCase(Locale.ROOT);
            if (p.peek() == '"') {
                attributes.put(upper, p.quoted(line));
                vectors.remove(upper);
            } else if (p.peek() == '[') {
                attributes.put(upper, p.vector(line));
                vectors.put(upper, true);
            } else {
                String value = p.word();
                attributes.put(upper, value);
                vectors.remove(upper);
            }
            p.endOfAttribute(line);
        }
        return new Template(attributes, vectors);
    }

    /** The value of {@code key} (any case), if set; vector attributes give their raw {@code [...]} text. */
    public Optional<String> find(String key) {
        return Optional.ofNullable(attributes.get(key.toUpperCase(Locale.ROOT)));
    }

    /**
     * The value of {@code key} (any case); vector attributes give their raw {@code [...]} text.
     *
     * @throws DatastoreException ({@link DatastoreFailure#INVALID_INPUT}) when the template does not set it
     */
    public String get(String key) {
        return find(key).orElseThrow(() -> DatastoreException.invalid("the template sets no " + key.toUpperCase(
                Locale.ROOT) + "; set it with with(\"" + key.toUpperCase(Locale.ROOT) + "\", …) or look it up with"
                + " find(…)"));
    }

    /** The attribute names in order, upper case. */
    public List<String> keys() {
        return List.copyOf(attributes.keySet());
    }

    /** The simple attributes in order (vector attributes left out). */
    public Map<String, String> attributes() {
        Map<String, String> simple = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (!vectors.containsKey(k)) {
                simple.put(k, v);
            }
        });
        return java.util.Collections.unmodifiableMap(simple);
    }

    /** A template with {@code key} set to {@code value} (kept in place when present, else appended). */
    public Template with(String key, String value) {
        Objects.requireNonNull(value, "value");
        if (!KEY.matcher(key).matches()) {
            throw new InvalidSpecException("'" + key + "' is not a template attribute name; use letters, digits and _");
        }
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        Map<String, Boolean> vectorCopy = new LinkedHashMap<>(vectors);
        String upper = key.toUpperCase(Locale.ROOT);
        copy.put(upper, value);
        vectorCopy.remove(upper);
        return new Template(copy, vectorCopy);
    }

    /** A template without {@code key}. */
    public Template without(String key) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        Map<String, Boolean> vectorCopy = new LinkedHashMap<>(vectors);
        copy.remove(key.toUpperCase(Locale.ROOT));
        vectorCopy.remove(key.toUpperCase(Locale.ROOT));
        return new Template(copy, vectorCopy);
    }

    /** The template as text, one {@code KEY = "value"} line per attribute. */
    public String toText() {
        int width = attributes.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder text = new StringBuilder();
        attributes.forEach((key, value) -> {
            text.append(key).append(" ".repeat(width - key.length())).append(" = ");
            if (vectors.containsKey(key)) {
                text.append(value);
            } else {
                text.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            text.append('\n');
        });
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.attributes.equals(attributes) && t.vectors.equals(vectors);
    }

    @Override
    public int hashCode() {
        return attributes.hashCode();
    }

    @Override
    public String toString() {
        return toText();
    }

    private static final class Parser {
        private final String text;
        private int pos;
        private int line = 1;

        Parser(String text) {
            this.text = text;
        }

        char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        boolean consume(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        /** Skips blank lines and comments; false at the end of the text. */
        boolean skipBlankAndComments() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                } else if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '#') {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    return true;
                }
            }
            return false;
        }

        String word() {
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != '='
                    && text.charAt(pos) != '#') {
                pos++;
            }
            return text.substring(start, pos);
        }

        String quoted(int startLine) {
            pos++;
            StringBuilder value = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    char next = text.charAt(pos++);
                    value.append(next);
                    if (next == '\n') {
                        line++;
                    }
                } else if (c == '"') {
                    return value.toString();
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    value.append(c);
                }
            }
            throw error(startLine, "unterminated quoted value");
        }

        String vector(int startLine) {
            int start = pos;
            boolean inQuotes = false;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\n') {
                    line++;
                } else if (c == '\\' && inQuotes) {
                    pos++;
                } else if (c == '"') {
                    inQuotes = !inQuotes;
                } else if (c == ']' && !inQuotes) {
                    return text.substring(start, pos);
                }
            }
            throw error(startLine, "unterminated vector value '['");
        }

        void endOfAttribute(int startLine) {
            skipSpaces();
            char c = peek();
            if (c != '\0' && c != '\n' && c != '\r' && c != '#') {
                throw error(startLine, "unexpected text after the value: '" + text.substring(pos,
                        Math.min(text.length(), pos + 20)).strip() + "'");
            }
        }

        DatastoreException error(int at, String what) {
            return DatastoreException.invalid("template line " + at + ": " + what
                    + "; write attributes as KEY = \"value\", one per line");
        }
    }
}
