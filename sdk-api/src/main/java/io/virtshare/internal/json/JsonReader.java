package io.virtshare.internal.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A pull reader of JSON (RFC 8259) in UTF-8 bytes, one token at a time, for the small
 * documents the SDK keeps on disk (catalog entries). It is a few classes of the JDK's own
 * instead of a JSON library, because a short command reads one or two such documents and
 * the library's start-up (its factory, parser and symbol tables, about a hundred classes)
 * cost it more than the rest of its reading did.
 *
 * <p>The input is untrusted. Only strict JSON is read: no comments, no single quotes, no
 * trailing commas, no leading zeros, no bare control characters in strings, valid UTF-8 (and
 * no escaped half of a surrogate pair, which has no UTF-8 form),
 * nesting at most {@value #MAX_DEPTH} deep and numbers of at most {@value #MAX_NUMBER}
 * characters (the limits of Jackson's defaults). Anything else is a
 * {@link MalformedJsonException} saying what was found where. Field names may repeat; the
 * reader reports each.
 *
 * <pre>{@code
 * JsonReader in = JsonReader.of(bytes);
 * if (in.next() == JsonReader.Token.START_OBJECT) {
 *     while (in.next() == JsonReader.Token.NAME) {
 *         in.next();                                  // the field's value
 *         if (in.name().equals("id")) {
 *             id = in.longValue();
 *         } else {
 *             in.skipValue();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one reader per document.
 */
public final class JsonReader {
    /** What {@link #next()} found. */
    public enum Token {
        START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY,
        /** A field name in an object; {@link #name()} has it. */
        NAME,
        /** A string value; {@link #text()} has it. */
        STRING,
        /** A number; {@link #text()} has it as written, {@link #longValue()} as a whole number. */
        NUMBER,
        TRUE, FALSE, NULL,
        /** The end of the input. */
        END
    }

    /** Deepest nesting of objects and arrays read. */
    public static final int MAX_DEPTH = 1000;
    /** Longest number read, in characters. */
    public static final int MAX_NUMBER = 1000;

    private final byte[] in;
    private final int end;
    private int pos;
    private int depth;
    /** Per open container: whether it is an object; grown as nesting deepens (a catalog entry nests 3 deep). */
    private boolean[] object = new boolean[8];
    /** Per open container: how many entries it has so far. */
    private int[] count = new int[8];
    private boolean afterName;
    private boolean rootRead;
    private Token current;
    private String text;
    private String name;
    private boolean whole;

    private JsonReader(byte[] in) {
        this.in = in;
        this.end = in.length;
    }

    /**
     * A reader of all of {@code bytes}. A UTF-8 byte order mark at their start is skipped, as
     * RFC 8259 allows a reader to.
     */
    public static JsonReader of(byte[] bytes) {
        JsonReader reader = new JsonReader(bytes);
        if (bytes.length >= 3 && bytes[0] == (byte) 0xef && bytes[1] == (byte) 0xbb && bytes[2] == (byte) 0xbf) {
            reader.pos = 3;
        }
        return reader;
    }

    /**
     * Reads the next token. After the root value only {@link Token#END} follows, and only when
     * nothing but white space is left.
     *
     * @throws MalformedJsonException when the text is not JSON there
     */
    public Token next() throws MalformedJsonException {
        skipWhitespace();
        if (depth == 0) {
            if (pos >= end) {
                return token(Token.END);
            }
            if (rootRead) {
                throw error("more text after the document's value: " + describe(in[pos]));
            }
            return value();
        }
        if (pos >= end) {
            throw error("the text ends inside " + (object[depth] ? "an object" : "an array"));
        }
        if (object[depth]) {
            if (afterName) {
                expect(':', "':' after the field name");
                afterName = false;
                skipWhitespace();
                return value();
            }
            if (in[pos] == '}') {
                pos++;
                close();
                return token(Token.END_OBJECT);
            }
            if (count[depth] > 0) {
                expect(',', "',' or '}' after the field's value");
                skipWhitespace();
            }
            if (pos >= end || in[pos] != '"') {
                throw error(found() + ", expected a field name in double quotes");
            }
            name = string();
            count[depth]++;
            afterName = true;
            return token(Token.NAME);
        }
        if (in[pos] == ']') {
            pos++;
            close();
            return token(Token.END_ARRAY);
        }
        if (count[depth] > 0) {
            expect(',', "',' or ']' after the array's value");
            skipWhitespace();
        }
        count[depth]++;
        return value();
    }

    /** The token {@link #next()} returned last; null before the first call. */
    public Token current() {
        return current;
    }

    /** The name of the field last read in the current object (its value's name while that is read). */
    public String name() {
        return name;
    }

    /**
     * The current token as text: a string's or a name's value, a number as written,
     * {@code true}, {@code false} or {@code null}; null for the other tokens.
     */
    public String text() {
        return switch (current) {
            case NAME -> name;
            case STRING, NUMBER -> text;
            case TRUE -> "true";
            case FALSE -> "false";
            case NULL -> "null";
            default -> null;
        };
    }

    /** Whether the current token is a number without fraction or exponent. */
    public boolean isWholeNumber() {
        return current == Token.NUMBER && whole;
    }

    /**
     * The current number as a {@code long}.
     *
     * @throws MalformedJsonException when the current token is no whole number, or one beyond a {@code long}
     */
    public long longValue() throws MalformedJsonException {
        if (!isWholeNumber()) {
            throw error("expected a whole number, found " + (current == Token.NUMBER ? text : current));
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error("the number " + text + " is out of range of a 64-bit integer");
        }
    }

    /**
     * Skips the current value: when it starts an object or an array, reads up to and with its
     * end (checking what it skips); other values are read already.
     */
    public void skipValue() throws MalformedJsonException {
        if (current != Token.START_OBJECT && current != Token.START_ARRAY) {
            return;
        }
        int outer = depth - 1;
        while (depth > outer) {
            next();
        }
    }

    /** An error at the current position, with {@code message} saying what is wrong. */
    public MalformedJsonException error(String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(pos, end); i++) {
            if (in[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new MalformedJsonException(message + " (at line " + line + ", column " + (pos - lineStart + 1) + ")");
    }

    private Token value() throws MalformedJsonException {
        if (pos >= end) {
            throw error("the text ends where a value was expected");
        }
        byte c = in[pos];
        switch (c) {
            case '{' -> {
                pos++;
                open(true);
                return token(Token.START_OBJECT);
            }
            case '[' -> {
                pos++;
                open(false);
                return token(Token.START_ARRAY);
            }
            case '"' -> {
                text = string();
                return scalar(Token.STRING);
            }
            case 't' -> {
                return literal("true", Token.TRUE);
            }
            case 'f' -> {
                return literal("false", Token.FALSE);
            }
            case 'n' -> {
                return literal("null", Token.NULL);
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                    return scalar(Token.NUMBER);
                }
                throw error(found() + ", expected a value");
            }
        }
    }

    private Token token(Token token) {
        current = token;
        return token;
    }

    private Token scalar(Token token) {
        if (depth == 0) {
            rootRead = true;
        }
        return token(token);
    }

    private void open(boolean isObject) throws MalformedJsonException {
        if (depth == MAX_DEPTH) {
            throw error("objects and arrays nest deeper than " + MAX_DEPTH + " levels");
        }
        depth++;
        if (depth == object.length) {
            object = Arrays.copyOf(object, Math.min(2 * depth, MAX_DEPTH + 1));
            count = Arrays.copyOf(count, object.length);
        }
        object[depth] = isObject;
        count[depth] = 0;
        afterName = false;
    }

    private void close() {
        depth--;
        afterName = false;
        if (depth == 0) {
            rootRead = true;
        }
    }

    private Token literal(String word, Token token) throws MalformedJsonException {
        int start = pos;
        for (int i = 0; i < word.length(); i++) {
            if (pos >= end || in[pos] != word.charAt(i)) {
                pos = start;
                throw error("unrecognized token starting with " + describe(in[start]) + ", expected a value");
            }
            pos++;
        }
        requireDelimiter(word);
        return scalar(token);
    }

    private void number() throws MalformedJsonException {
        int start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        if (pos >= end || !digit(in[pos])) {
            throw error("a number needs a digit after '-'");
        }
        if (in[pos] == '0' && pos + 1 < end && digit(in[pos + 1])) {
            throw error("a number may not start with the digit 0 followed by more digits");
        }
        digits();
        whole = true;
        if (pos < end && in[pos] == '.') {
            pos++;
            if (pos >= end || !digit(in[pos])) {
                throw error("a number needs a digit after its decimal point");
            }
            digits();
            whole = false;
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (pos >= end || !digit(in[pos])) {
                throw error("a number needs a digit in its exponent");
            }
            digits();
            whole = false;
        }
        if (pos - start > MAX_NUMBER) {
            throw error("a number longer than " + MAX_NUMBER + " characters");
        }
        text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        requireDelimiter(text.length() > 20 ? text.substring(0, 20) + "…" : text);
    }

    private void digits() {
        while (pos < end && digit(in[pos])) {
            pos++;
        }
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** A value other than a string or a container ends at white space, a separator or the end. */
    private void requireDelimiter(String read) throws MalformedJsonException {
        if (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != ']' && c != '}') {
                throw error(found() + " right after " + read + ", expected a separator");
            }
        }
    }

    /** Reads the string starting at the quote at {@code pos}; leaves {@code pos} after its closing quote. */
    private String string() throws MalformedJsonException {
        pos++;
        int start = pos;
        boolean ascii = true;
        while (pos < end) {
            byte c = in[pos];
            if (c == '"') {
                String plain = ascii ? new String(in, start, pos - start, StandardCharsets.ISO_8859_1)
                        : utf8(start, pos);
                pos++;
                return plain;
            }
            if (c == '\\') {
                return escaped(start);
            }
            if (c >= 0 && c < 0x20) {
                throw error("a control character (" + describe(c) + ") inside a string; it must be escaped");
            }
            ascii &= c >= 0;
            pos++;
        }
        throw error("the text ends inside a string");
    }

    /** The rest of a string that has escapes, from {@code start}; {@code pos} is at the first backslash. */
    private String escaped(int start) throws MalformedJsonException {
        StringBuilder value = new StringBuilder(Math.max(16, pos - start + 16));
        int segment = start;
        while (pos < end) {
            byte c = in[pos];
            if (c == '"' || c == '\\') {
                value.append(utf8(segment, pos));
                pos++;
                if (c == '"') {
                    return wellFormed(value);
                }
                value.append(escape());
                segment = pos;
            } else if (c >= 0 && c < 0x20) {
                throw error("a control character (" + describe(c) + ") inside a string; it must be escaped");
            } else {
                pos++;
            }
        }
        throw error("the text ends inside a string");
    }

    /**
     * {@code value} once it is known to hold no half of a surrogate pair: only a {@code \\u}
     * escape can make one, and such a string has no UTF-8 form, so it could not be written back.
     */
    private String wellFormed(StringBuilder value) throws MalformedJsonException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                pos--;
                throw error("a \\u escape gives half of a surrogate pair (\\u" + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                        + ") inside a string; escape both halves of the pair");
            }
        }
        return value.toString();
    }

    /** The character an escape stands for; {@code pos} is after its backslash. */
    private char escape() throws MalformedJsonException {
        if (pos >= end) {
            throw error("the text ends inside a string");
        }
        byte c = in[pos++];
        switch (c) {
            case '"', '\\', '/' -> {
                return (char) c;
            }
            case 'b' -> {
                return '\b';
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'u' -> {
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = pos < end ? Character.digit(in[pos], 16) : -1;
                    if (digit < 0) {
                        throw error("a \\u escape needs four hexadecimal digits");
                    }
                    code = code << 4 | digit;
                    pos++;
                }
                return (char) code;
            }
            default -> {
                pos--;
                throw error("an unknown escape \\" + (char) (c & 0xff) + " inside a string");
            }
        }
    }

    /** Bytes {@code from} to {@code to} as UTF-8, refusing what is not valid UTF-8. */
    private String utf8(int from, int to) throws MalformedJsonException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw error("a string that is not valid UTF-8");
        }
    }

    private void expect(char c, String what) throws MalformedJsonException {
        if (pos >= end || in[pos] != c) {
            throw error(found() + ", expected " + what);
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String found() {
        return pos >= end ? "the end of the text" : "unexpected " + describe(in[pos]);
    }

    private static String describe(byte c) {
        return c >= 0x21 && c < 0x7f ? "character '" + (char) c + "'" : String.format("byte 0x%02x", c & 0xff);
    }
}
