package io.virtshare.internal.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes JSON laid out as Jackson's default pretty printer lays it out, so that text the SDK
 * wrote with Jackson before and text it writes now are the same bytes: an object's fields
 * one per line, indented by two spaces per level, {@code "name" : value}; an array's values
 * on one line, {@code [ 1, 2 ]}; empty containers as {@code { }} and {@code [ ]}; no line
 * break at the end. Strings escape {@code "}, {@code \} and the control characters
 * ({@code \b \t \n \f \r} by name, others as {@code \}{@code u00XX}) and keep every other
 * character as it is.
 *
 * <pre>{@code
 * JsonWriter out = new JsonWriter();
 * out.beginObject().name("id").value(7).name("tags").beginArray().value("a").endArray().endObject();
 * out.text();   // {\n  "id" : 7,\n  "tags" : [ "a" ]\n}
 * }</pre>
 *
 * <p>{@link #compact()} writes the same values without any white space, as Jackson writes
 * without a pretty printer: {@code {"id":7,"tags":["a"]}}. That is for documents that list
 * thousands of entries (the content records), where the layout would double the bytes.
 *
 * <p>It checks the order of calls (a name only in an object, one value per name, ends that
 * match their starts) and throws {@link IllegalStateException} for a wrong one: that is a bug
 * in the caller, not bad input. Not thread-safe.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out = new StringBuilder(512);
    private final boolean pretty;
    /** Per open container: whether it is an object. */
    private boolean[] object = new boolean[8];
    /** Per open container: how many entries it has so far. */
    private int[] count = new int[8];
    private int depth;
    private int objectDepth;
    private boolean afterName;
    private boolean rootWritten;

    /** A writer of the pretty layout (see the class comment). */
    public JsonWriter() {
        this(true);
    }

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** A writer of the compact layout: no white space between tokens. */
    public static JsonWriter compact() {
        return new JsonWriter(false);
    }

    /** Starts an object. */
    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        push(true);
        objectDepth++;
        return this;
    }

    /** Ends the object started last. */
    public JsonWriter endObject() {
        requireOpen(true, "endObject");
        if (afterName) {
            throw new IllegalStateException("a field name without a value before endObject");
        }
        objectDepth--;
        if (pretty && count[depth] > 0) {
            indent(objectDepth);
        } else if (pretty) {
            out.append(' ');
        }
        out.append('}');
        depth--;
        return this;
    }

    /** Starts an array. */
    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        push(false);
        return this;
    }

    /** Ends the array started last. */
    public JsonWriter endArray() {
        requireOpen(false, "endArray");
        out.append(pretty ? " ]" : "]");
        depth--;
        return this;
    }

    /** The next field's name, in an object. */
    public JsonWriter name(String name) {
        requireOpen(true, "name");
        if (afterName) {
            throw new IllegalStateException("two field names in a row: " + name);
        }
        if (count[depth] > 0) {
            out.append(',');
        }
        if (pretty) {
            indent(objectDepth);
        }
        count[depth]++;
        quoted(name);
        out.append(pretty ? " : " : ":");
        afterName = true;
        return this;
    }

    /** A string value, or {@code null}. */
    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        quoted(value);
        return this;
    }

    /** A whole number. */
    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** {@code true} or {@code false}. */
    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** A number already written as JSON text (e.g. a {@code BigInteger}'s digits), unchecked. */
    public JsonWriter numberText(String number) {
        beforeValue();
        out.append(number);
        return this;
    }

    /** {@code null}. */
    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** The text written so far. */
    public String text() {
        return out.toString();
    }

    /**
     * The text written so far in UTF-8.
     *
     * @throws CharacterCodingException when a string holds half of a surrogate pair, which has
     *     no UTF-8 form
     */
    public byte[] utf8() throws CharacterCodingException {
        ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(out));
        return Arrays.copyOfRange(bytes.array(), bytes.arrayOffset() + bytes.position(),
                bytes.arrayOffset() + bytes.limit());
    }

    private void beforeValue() {
        if (depth == 0) {
            if (rootWritten) {
                throw new IllegalStateException("a second value after the document's value");
            }
            rootWritten = true;
        } else if (object[depth]) {
            if (!afterName) {
                throw new IllegalStateException("a value in an object needs a field name first");
            }
            afterName = false;
        } else {
            if (pretty) {
                out.append(count[depth] > 0 ? ", " : " ");
            } else if (count[depth] > 0) {
                out.append(',');
            }
            count[depth]++;
        }
    }

    private void push(boolean isObject) {
        depth++;
        if (depth == object.length) {
            object = Arrays.copyOf(object, depth * 2);
            count = Arrays.copyOf(count, depth * 2);
        }
        object[depth] = isObject;
        count[depth] = 0;
    }

    private void requireOpen(boolean isObject, String call) {
        if (depth == 0 || object[depth] != isObject) {
            throw new IllegalStateException(call + " outside " + (isObject ? "an object" : "an array"));
        }
    }

    private void indent(int level) {
        out.append('\n');
        for (int i = 0; i < level; i++) {
            out.append("  ");
        }
    }

    private void quoted(String value) {
        out.append('"');
        int plain = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(value, plain, value.length());
        out.append('"');
    }
}
