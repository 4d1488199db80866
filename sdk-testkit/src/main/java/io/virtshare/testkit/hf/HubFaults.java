package io.virtshare.testkit.hf;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault switches of a {@link FakeHub}, changeable while it runs. Faults that take a
 * {@code match} apply to requests whose decoded path contains it (a file name, say; the
 * CDN's paths end with the repository path too); an empty {@code match} hits every request.
 * Counted faults hit the next {@code times} matching requests, then stop.
 *
 * <pre>{@code
 * hub.faults().tooManyRequests(2, 1, "model.bin")   // two 429s with Retry-After: 1
 *     .dropConnection(1, "model.bin", 4096)        // then one body cut after 4 KiB
 *     .ignoreRange(true);                          // and Range requests answered with 200
 * }</pre>
 */
public final class HubFaults {
    private record Counted(String match, AtomicInteger left, int status, long value, String text) {
        Counted(String match, AtomicInteger left, int status, long value) {
            this(match, left, status, value, Long.toString(value));
        }
    }

    /** A response header set on every matching answer (overriding the fake Hub's own). */
    private record Header(String match, String name, String value) {
    }

    private final List<Counted> statusFaults = new CopyOnWriteArrayList<>();
    private final List<Counted> drops = new CopyOnWriteArrayList<>();
    private final List<String> corrupted = new CopyOnWriteArrayList<>();
    private final List<String> unsafeNames = new CopyOnWriteArrayList<>();
    private volatile boolean ignoreRange;
    private volatile String requiredToken;
    private volatile long bytesPerSecond;
    private final List<Header> headers = new CopyOnWriteArrayList<>();
    private final RateLimits rateLimits = new RateLimits();

    HubFaults() {
    }

    /** The next {@code times} matching requests get 429 with {@code Retry-After: seconds}. */
    public HubFaults tooManyRequests(int times, int retryAfterSeconds, String match) {
        statusFaults.add(new Counted(match, new AtomicInteger(times), 429, retryAfterSeconds));
        return this;
    }

    /**
     * The next {@code times} matching requests get 429 with {@code Retry-After: value} as given: an
     * HTTP date, a huge number or garbage, to test what a client makes of hostile values.
     */
    public HubFaults tooManyRequests(int times, String retryAfter, String match) {
        statusFaults.add(new Counted(match, new AtomicInteger(times), 429, -1, retryAfter));
        return this;
    }

    /**
     * The Hub's quota for a bucket ({@code api} for {@code /api/…}, {@code resolvers} for
     * {@code /resolve/…}), counted over fixed windows as the real Hub does: every answer in the
     * bucket carries {@code RateLimit: "resolvers";r=…;t=…} and {@code RateLimit-Policy: "fixed
     * window";"resolvers";q=…;w=…}; a request beyond the quota gets 429 with {@code Retry-After}
     * (the seconds left in the window). The default is 1,000,000 requests per 300 s for both.
     */
    public HubFaults rateLimit(String bucket, int quota, java.time.Duration window) {
        rateLimits.set(bucket, quota, window);
        return this;
    }

    /**
     * Every matching answer carries header {@code name: value} in place of the fake Hub's own
     * (e.g. a hostile {@code RateLimit} or {@code Link}); until {@link #clear()}.
     */
    public HubFaults header(String match, String name, String value) {
        headers.add(new Header(match, name, value));
        return this;
    }

    /** The next {@code times} matching requests get 503 (then they succeed again). */
    public HubFaults serviceUnavailable(int times, String match) {
        statusFaults.add(new Counted(match, new AtomicInteger(times), 503, -1));
        return this;
    }

    /**
     * The next {@code times} matching content responses announce their full length, send
     * {@code afterBytes} bytes and drop the connection.
     */
    public HubFaults dropConnection(int times, String match, long afterBytes) {
        drops.add(new Counted(match, new AtomicInteger(times), 0, afterBytes));
        return this;
    }

    /** Whether {@code Range} headers are ignored (the whole file answered with 200). */
    public HubFaults ignoreRange(boolean value) {
        ignoreRange = value;
        return this;
    }

    /** Matching files are served with the right size but wrong bytes (every 4096th byte flipped). */
    public HubFaults corrupt(String match) {
        corrupted.add(match);
        return this;
    }

    /** The tree listing of every repository also names a file {@code name} (e.g. {@code ../evil}). */
    public HubFaults unsafeName(String name) {
        unsafeNames.add(name);
        return this;
    }

    /** Every request without {@code Authorization: Bearer token} is answered 401; null to stop. */
    public HubFaults requireToken(String token) {
        requiredToken = token;
        return this;
    }

    /** Content is sent at about {@code value} bytes per second; 0 for full speed. */
    public HubFaults slow(long value) {
        bytesPerSecond = value;
        return this;
    }

    /** Switches every fault off. */
    public HubFaults clear() {
        statusFaults.clear();
        drops.clear();
        corrupted.clear();
        unsafeNames.clear();
        ignoreRange = false;
        requiredToken = null;
        bytesPerSecond = 0;
        headers.clear();
        rateLimits.reset();
        return this;
    }

    /** A status fault for this request (status and Retry-After text, or null for 503), consumed. */
    Optional<Map.Entry<Integer, String>> takeStatus(String path) {
        for (Counted c : statusFaults) {
            if (path.contains(c.match()) && c.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Optional.of(new java.util.AbstractMap.SimpleImmutableEntry<>(c.status(),
                        c.status() == 429 ? c.text() : null));
            }
        }
        return Optional.empty();
    }

    /** The header overrides for an answer to {@code path}, in the order given. */
    Map<String, String> headersFor(String path) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Header h : headers) {
            if (path.contains(h.match())) {
                out.put(h.name(), h.value());
            }
        }
        return out;
    }

    RateLimits rateLimits() {
        return rateLimits;
    }

    /** Bytes after which to drop this response, or -1; consumed. */
    long takeDrop(String path) {
        for (Counted c : drops) {
            if (path.contains(c.match()) && c.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return c.value();
            }
        }
        return -1;
    }

    boolean corrupts(String path) {
        return corrupted.stream().anyMatch(path::contains);
    }

    List<String> unsafeNames() {
        return List.copyOf(unsafeNames);
    }

    boolean ignoresRange() {
        return ignoreRange;
    }

    String requiredToken() {
        return requiredToken;
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }
}
