package io.virtshare.internal.json;

import io.virtshare.internal.json.JsonReader.Token;
import java.util.Optional;

/**
 * One field's value as a reader of small documents wants it: a string, number, {@code true},
 * {@code false} or {@code null} with its text; an object or array only as that (skipped, no
 * text); or {@link #ABSENT} for a field the document does not have. For documents read field
 * by field where the fields may come in any order, so each is kept until the whole document
 * has been read.
 *
 * @param token the value's first token; null when the field is absent
 * @param text a scalar's text as {@link JsonReader#text()} gives it; null for an object, an array or an absent field
 * @param whole whether the value is a number without fraction or exponent
 */
public record JsonScalar(Token token, String text, boolean whole) {
    /** A field the document does not have. */
    public static final JsonScalar ABSENT = new JsonScalar(null, null, false);

    /** The value {@code in} is at (its {@link JsonReader#next()} returned it); an object or array is skipped. */
    public static JsonScalar of(JsonReader in) throws MalformedJsonException {
        Token token = in.current();
        if (token == Token.START_OBJECT || token == Token.START_ARRAY) {
            in.skipValue();
            return new JsonScalar(token, null, false);
        }
        return new JsonScalar(token, in.text(), in.isWholeNumber());
    }

    /** Whether the value is a string. */
    public boolean isText() {
        return token == Token.STRING;
    }

    /** The string, or {@code otherwise} for any other value or an absent field. */
    public String textOr(String otherwise) {
        return isText() ? text : otherwise;
    }

    /** Whether the field is there and not {@code null}. */
    public boolean isPresent() {
        return token != null && token != Token.NULL;
    }

    /** The value as a whole number within {@code [min, max]}; empty for anything else. */
    public Optional<Long> whole(long min, long max) {
        if (!whole) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(text);
            return value >= min && value <= max ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();   // beyond a long
        }
    }

    /** The value written as JSON for a message: a string quoted, a container as {@code {…}} or {@code […]}, absent as nothing. */
    public String json() {
        if (token == null) {
            return "";
        }
        return switch (token) {
            case STRING -> '"' + text + '"';
            case START_OBJECT -> "{…}";
            case START_ARRAY -> "[…]";
            default -> text;
        };
    }
}
