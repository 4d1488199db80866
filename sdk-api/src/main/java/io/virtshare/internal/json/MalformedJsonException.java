package io.virtshare.internal.json;

import java.io.IOException;

/**
 * Text that is not the JSON a {@link JsonReader} was asked to read: bad syntax, nesting too
 * deep, a number out of range, or a value of another type than its reader expects. The
 * message says what was found and where (line and column, counted from 1).
 */
public final class MalformedJsonException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
        super(message);
    }
}
