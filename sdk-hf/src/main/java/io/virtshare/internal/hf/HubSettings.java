package io.virtshare.internal.hf;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the client talks to the Hub: endpoint, token, connections per host, retries, part
 * sizes for ranged downloads.
 *
 * @param endpoint the Hub's base URL
 * @param token the bearer token, sent only to the endpoint's own origin
 * @param connectionsPerHost how many requests run at once against one host
 * @param maxAttempts attempts per request (and per file body without progress)
 * @param initialBackoff the first wait before a retry; doubled each time
 * @param maxBackoff the longest wait before a retry, also the cap for Retry-After
 * @param requestTimeout how long to wait for response headers
 * @param rangeThreshold files of at least this size are fetched as parallel byte ranges
 * @param partSize the size of one range
 * @param maxPlainGet files above this size are only fetched through ranges
 * @param maxWait the longest single wait for the Hub: caps {@code Retry-After} and the reset
 *     times of {@code RateLimit} headers (the Hub's windows last 5 minutes)
 */
public record HubSettings(URI endpoint, Optional<String> token, int connectionsPerHost, int maxAttempts,
        Duration initialBackoff, Duration maxBackoff, Duration requestTimeout, long rangeThreshold, long partSize,
        long maxPlainGet, Duration maxWait) {
    /** 50 GB: the Hub does not serve larger files in one plain GET. */
    public static final long FIFTY_GB = 50_000_000_000L;

    public HubSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        token = token == null ? Optional.empty() : token.filter(t -> !t.isBlank());
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(maxWait, "maxWait");
    }

    /** Whether {@code uri} has the endpoint's scheme, host and port (the token goes nowhere else). */
    public boolean sameOrigin(URI uri) {
        return endpoint.getScheme().equalsIgnoreCase(uri.getScheme())
                && endpoint.getHost().equalsIgnoreCase(uri.getHost()) && port(endpoint) == port(uri);
    }

    /**
     * {@code uri}'s scheme (in lower case), host and port as {@code scheme://host:port}: what
     * connections are kept, requests limited and proxies chosen by.
     */
    static String origin(URI uri) {
        return (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) + "://"
                + uri.getHost() + ":" + port(uri);
    }

    static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
