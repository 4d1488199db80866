package io.virtshare.internal.hf;

import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The headers of one Hub answer, looked up by name in any case; of a header sent more than
 * once, the value sent last (as {@link HttpURLConnection#getHeaderField(String)} gives it).
 * Copied out of the connection once, in one small map, because an import of thousands of
 * small files reads a handful of headers from every answer.
 */
final class ResponseHeaders {
    private final Map<String, String> values;

    private ResponseHeaders(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The headers of {@code connection}'s answer, read by index. (The JDK's map of them lists
     * a repeated header's values in one order in JDK 17 and in the other in JDK 25; read by
     * index, the value sent last is kept on every JDK.)
     */
    static ResponseHeaders of(HttpURLConnection connection) {
        Map<String, String> values = new HashMap<>();
        for (int i = 1; ; i++) {   // 0 is the status line
            String value = connection.getHeaderField(i);
            if (value == null) {
                break;
            }
            String name = connection.getHeaderFieldKey(i);
            if (name != null) {
                values.put(name.toLowerCase(Locale.ROOT), value);
            }
        }
        return new ResponseHeaders(values);
    }

    /** Headers read elsewhere: {@code values} by lower-case name, the value sent last of each. */
    static ResponseHeaders of(Map<String, String> values) {
        return new ResponseHeaders(values);
    }

    /** The value of header {@code name} (any case), the last sent; empty when it was not sent. */
    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase(Locale.ROOT)));
    }
}
