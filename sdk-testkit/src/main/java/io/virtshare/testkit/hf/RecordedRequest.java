package io.virtshare.testkit.hf;

import java.util.Objects;
import java.util.Optional;

/**
 * One request a {@link FakeHub} received, as its request log keeps it.
 *
 * <pre>{@code
 * assertThat(hub.requests()).filteredOn(r -> r.listener().equals("cdn"))
 *         .allMatch(r -> r.authorization().isEmpty());
 * }</pre>
 *
 * @param listener {@code hub} or {@code cdn}
 * @param method the HTTP method
 * @param path the decoded request path (without the query)
 * @param range the {@code Range} header, if any
 * @param authorization the {@code Authorization} header, if any
 * @param status the status answered (0 when the connection was dropped before one)
 */
public record RecordedRequest(String listener, String method, String path, Optional<String> range,
        Optional<String> authorization, int status) {
    public RecordedRequest {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(authorization, "authorization");
    }
}
