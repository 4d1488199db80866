package io.virtshare.internal.hf;

import io.virtshare.hf.HfException;
import io.virtshare.hf.HfSource;
import io.virtshare.internal.json.MalformedJsonException;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Hub's HTTP side: requests with the token only to the endpoint's origin, redirects
 * followed by hand (so that the token never reaches another host), at most
 * {@code connectionsPerHost} requests per host (halved on each 429, grown back on clean
 * answers), requests paced by the Hub's {@code RateLimit} headers, and retries with backoff
 * on 408, 429, 5xx and connection errors, honouring {@code Retry-After}.
 */
public final class HubClient implements AutoCloseable {
    private static final int MAX_REDIRECTS = 5;
    private static final long MAX_JSON = 64L << 20;
    private static final int MAX_LINK = 8192;

    private static final int CONNECT_TIMEOUT_MILLIS = 15_000;
    private static final String USER_AGENT = "virtshare-hf/0.1";
    /** 429 answers waited out per request before the import gives up. */
    static final int MAX_RATE_LIMITED = 30;
    /** Waits at least this long are reported as {@code hub-wait} progress. */
    private static final long REPORTED_WAIT_MILLIS = 200;

    private final HubSettings settings;
    private final ProgressListener progress;
    private final RateLimitPacer pacer;
    private final Map<String, AdaptiveLimit> hosts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> direct = new ConcurrentHashMap<>();
    private final HubConnections connections = new HubConnections();

    /**
     * A client for {@code settings}; {@link #close()} closes the connections it keeps alive.
     * Requests go through blocking sockets ({@link HubConnections}, or the JDK's
     * {@link HttpURLConnection} through a proxy): each download thread reads its socket straight
     * into its own buffer, which on a 2-core host verifies and writes 1 GiB in 0.93 s where
     * {@code java.net.http.HttpClient} (one selector thread per client, buffers handed over
     * between threads) needs 1.18 s with the same hashing.
     */
    public HubClient(HubSettings settings) {
        this(settings, ProgressListener.NONE);
    }

    /** A client that reports its waits for the Hub (rate limits, 429) to {@code progress}. */
    public HubClient(HubSettings settings, ProgressListener progress) {
        this.settings = settings;
        this.progress = progress;
        this.pacer = new RateLimitPacer(settings.maxWait().toMillis(), settings.connectionsPerHost() * 2);
    }

    public HubSettings settings() {
        return settings;
    }

    /** Reads what is needed of an answer of the Hub API: its body is untrusted JSON. */
    @FunctionalInterface
    interface JsonAnswer<T> {
        T read(byte[] body) throws MalformedJsonException;
    }

    /**
     * GETs JSON from the Hub API and reads it with {@code answer}; {@code file} names the file
     * concerned in errors (or null).
     */
    <T> T json(URI uri, HfSource source, String revision, String file, Cancellation cancel, JsonAnswer<T> answer) {
        try (HubResponse response = open(uri, -1, -1, source, revision, file, cancel)) {
            byte[] body = readBounded(response.body(), uri);
            return answer.read(body);
        } catch (IOException e) {
            throw new HfException("the Hub sent an unreadable answer for " + HubErrors.where(uri) + ": "
                    + e.getMessage() + "; check HF_ENDPOINT", e);
        }
    }

    /** The URL in a {@code Link: <…>; rel="next"} header of the last {@link #jsonPage} call. */
    record Page<T>(T value, URI next) {
    }

    /** GETs one page of a paginated API, read with {@code answer}; {@link Page#next()} is null on the last. */
    <T> Page<T> jsonPage(URI uri, HfSource source, String revision, Cancellation cancel, JsonAnswer<T> answer) {
        try (HubResponse response = open(uri, -1, -1, source, revision, null, cancel)) {
            byte[] body = readBounded(response.body(), uri);
            URI next = response.header("Link").map(link -> nextLink(link, uri)).orElse(null);
            return new Page<>(answer.read(body), next);
        } catch (IOException e) {
            throw new HfException("the Hub sent an unreadable answer for " + HubErrors.where(uri) + ": "
                    + e.getMessage() + "; check HF_ENDPOINT", e);
        }
    }

    /**
     * The {@code rel="next"} URL of a {@code Link} header, resolved against {@code base}; null
     * when there is none. An oversized header or an unreadable URL is the server's fault.
     */
    static URI nextLink(String header, URI base) {
        if (header.length() > MAX_LINK) {
            throw new HfException("the Hub sent a Link header of " + header.length() + " characters for "
                    + HubErrors.where(base) + " (at most " + MAX_LINK + " are read); check HF_ENDPOINT", 0, null);
        }
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("<") && p.contains(">") && p.replace(" ", "").contains("rel=\"next\"")) {
                String target = p.substring(1, p.indexOf('>'));
                try {
                    return base.resolve(target);
                } catch (IllegalArgumentException e) {
                    throw new HfException("the Hub's next page link '" + HubErrors.oneLine(target) + "' for "
                            + HubErrors.where(base) + " is not a URL; check HF_ENDPOINT", 0, null);
                }
            }
        }
        return null;
    }

    private static byte[] readBounded(InputStream in, URI uri) throws IOException {
        byte[] data = in.readNBytes((int) MAX_JSON + 1);
        if (data.length > MAX_JSON) {
            throw new IOException("answer larger than " + (MAX_JSON >> 20) + " MiB");
        }
        return data;
    }

    /**
     * Opens {@code uri} (with {@code Range: bytes=from-to} when {@code from >= 0}; {@code to < 0}
     * for an open end), following redirects and retrying, until a 200 or 206 arrives. Answers
     * 429 are waited out ({@code Retry-After}, else the {@code RateLimit} reset, else backoff)
     * without using up the attempts, at most {@link #MAX_RATE_LIMITED} times per request.
     *
     * @throws HfException for answers that retrying does not fix, or when retries run out
     */
    public HubResponse open(URI uri, long from, long to, HfSource source, String revision, String file,
            Cancellation cancel) {
        String last = "no answer";
        int attempt = 0;
        int rateLimited = 0;
        while (true) {
            attempt++;
            URI current = uri;
            ResponseHeaders redirect = null;
            long waitMillis = -1;
            boolean throttled = false;
            for (int hop = 0; ; hop++) {
                cancel.check("downloading " + source.describe());
                String kind = RateLimitPacer.kindOf(current);
                long paced = pacer.reserve(kind);
                AdaptiveLimit slot = slot(current);
                try {
                    if (paced > 0) {
                        waitForHub(paced, "the Hub's '" + pacer.bucket(kind) + "' rate limit is nearly used up",
                                file, cancel, source);
                    }
                    slot.acquire(cancel, source);
                } catch (RuntimeException stopped) {
                    pacer.answered(kind, Optional.empty(), Optional.empty());   // cancelled: never sent
                    throw stopped;
                }
                HubConnections.Answer response;
                try {
                    response = send(current, from, to);
                } catch (IOException e) {
                    slot.release();
                    pacer.answered(kind, Optional.empty(), Optional.empty());
                    last = e instanceof java.net.ConnectException ? "cannot connect to " + current.getScheme() + "://"
                            + current.getAuthority() + " (" + e.getClass().getSimpleName() + ")"
                            : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    break;
                }
                int status = response.statusCode();
                pacer.answered(kind, response.headers().value("RateLimit"),
                        response.headers().value("RateLimit-Policy"));
                if (status == 429) {
                    slot.throttled();
                } else {
                    slot.succeeded();
                }
                if (status == 200 || status == 206) {
                    return new HubResponse(status, response.headers(), response.body(), current, redirect, slot);
                }
                String serverMessage = response.headers().value("X-Error-Message").orElse(null);
                closeQuietly(response.body());
                slot.release();
                if (status >= 300 && status < 400 && response.headers().value("Location").isPresent()) {
                    if (hop >= MAX_REDIRECTS) {
                        throw new HfException("more than " + MAX_REDIRECTS + " redirects from " + HubErrors.where(uri)
                                + "; check HF_ENDPOINT", status, null);
                    }
                    redirect = response.headers();
                    current = location(current, response.headers().value("Location").get(), uri);
                    continue;
                }
                last = "HTTP " + status;
                if (status == 429) {
                    waitMillis = retryAfter(response.headers());
                    if (waitMillis < 0) {
                        waitMillis = pacer.untilReset(kind);
                    }
                    throttled = true;
                    break;
                }
                if (status == 408 || status >= 500) {
                    waitMillis = retryAfter(response.headers());
                    break;
                }
                throw HubErrors.of(status, response.headers().value("X-Error-Code").orElse(null),
                        serverMessage, source, revision, file, settings);
            }
            if (throttled && ++rateLimited <= MAX_RATE_LIMITED) {
                attempt--;   // a 429 says when to come back: it does not use up an attempt
                waitForHub(waitMillis >= 0 ? waitMillis : backoff(rateLimited), "the Hub answered 429 Too Many"
                        + " Requests", file, cancel, source);
                continue;
            }
            if (throttled) {
                throw new HfException("the Hub kept answering 429 Too Many Requests for " + (file == null ? ""
                        : "file '" + file + "' of ") + source.describe() + " (" + MAX_RATE_LIMITED + " times); set"
                        + " HF_TOKEN for higher rate limits or try again later (a new attempt resumes what was"
                        + " verified)", 429, null);
            }
            if (attempt >= settings.maxAttempts()) {
                throw HubErrors.gaveUp(source, file, attempt, last);
            }
            pause(waitMillis >= 0 ? waitMillis : backoff(attempt), cancel, source);
        }
    }

    /** Where a redirect leads; an unreadable {@code Location} is the server's fault. */
    private static URI location(URI current, String location, URI asked) {
        try {
            URI next = current.resolve(location.trim());
            if (next.getHost() == null || !("http".equalsIgnoreCase(next.getScheme())
                    || "https".equalsIgnoreCase(next.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return next;
        } catch (IllegalArgumentException e) {
            throw new HfException("the Hub redirected " + HubErrors.where(asked) + " to an unusable location '"
                    + HubErrors.oneLine(location) + "'; check HF_ENDPOINT", 0, null);
        }
    }

    /** Waits {@code millis} for the Hub, saying so as {@code hub-wait} progress when it is noticeable. */
    private void waitForHub(long millis, String why, String file, Cancellation cancel, HfSource source) {
        if (millis >= REPORTED_WAIT_MILLIS) {
            progress.progress(new Progress("hub-wait", why + (file == null ? "" : " (" + file + ")") + "; waiting "
                    + millis + " ms", 0, millis, -1, -1, (millis + 999) / 1000));
        }
        pause(millis, cancel, source);
    }

    /**
     * GETs {@code uri}: through {@link HubConnections} when no proxy is configured for its host,
     * else through the JDK's {@link HttpURLConnection}, which goes through the proxy. The
     * answer's body is the error body for 4xx and 5xx, maybe empty.
     */
    private HubConnections.Answer send(URI uri, long from, long to) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put("User-Agent", USER_AGENT);
        if (settings.sameOrigin(uri)) {
            settings.token().ifPresent(t -> headers.put("Authorization", "Bearer " + t));
        }
        if (from >= 0) {
            headers.put("Range", "bytes=" + from + "-" + (to >= 0 ? Long.toString(to) : ""));
        }
        if (direct(uri)) {
            return connections.get(uri, headers, CONNECT_TIMEOUT_MILLIS, readTimeoutMillis());
        }
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
        } catch (IllegalArgumentException e) {
            throw new IOException("not a URL: " + uri, e);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        // bounds the wait for the headers and every later read of the body: a stalled body is retried
        connection.setReadTimeout(readTimeoutMillis());
        headers.forEach(connection::setRequestProperty);
        try {
            int status = connection.getResponseCode();
            ResponseHeaders answerHeaders = ResponseHeaders.of(connection);
            InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            return new HubConnections.Answer(status, answerHeaders, body == null ? InputStream.nullInputStream() : body);
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    /** The wait for an answer's head and for every later read of its body. */
    private int readTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis());
    }

    /**
     * Whether requests to {@code uri}'s host go straight to it: the JVM's proxy selector (the
     * {@code http.proxyHost}, {@code https.proxyHost} and {@code http.nonProxyHosts} properties,
     * or the system's proxies) names no proxy for it. Asked once per host and client.
     */
    private boolean direct(URI uri) {
        return direct.computeIfAbsent(HubSettings.origin(uri), k -> {
            ProxySelector selector = ProxySelector.getDefault();
            if (selector == null) {
                return true;
            }
            try {
                List<Proxy> proxies = selector.select(uri);
                return proxies == null || proxies.isEmpty() || proxies.get(0).type() == Proxy.Type.DIRECT;
            } catch (RuntimeException e) {
                return false;   // the JDK's connection asks the selector again and reports what it says
            }
        });
    }

    /** Closes the connections kept alive for later requests. */
    @Override
    public void close() {
        connections.close();
    }

    private AdaptiveLimit slot(URI uri) {
        return hosts.computeIfAbsent(HubSettings.origin(uri), k -> new AdaptiveLimit(settings.connectionsPerHost()));
    }

    /** How many requests may run at once against {@code uri}'s host now (fewer after 429s). */
    public int concurrency(URI uri) {
        return slot(uri).limit();
    }

    /** Milliseconds to wait before attempt {@code attempt + 1}: doubling, with jitter, capped. */
    public long backoff(int attempt) {
        long base = settings.initialBackoff().toMillis() << Math.min(20, attempt - 1);
        long capped = Math.min(settings.maxBackoff().toMillis(), base);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    /**
     * The {@code Retry-After} wait in milliseconds (seconds or an HTTP date), capped at
     * {@link HubSettings#maxWait()}; -1 without a readable one.
     */
    long retryAfter(ResponseHeaders headers) {
        return headers.value("Retry-After").map(HubClient::retryAfterMillis)
                .map(ms -> ms < 0 ? -1 : Math.min(ms, settings.maxWait().toMillis())).orElse(-1L);
    }

    /** A {@code Retry-After} value in milliseconds; -1 when unreadable (huge numbers saturate). */
    static long retryAfterMillis(String value) {
        String v = value.trim();
        if (v.length() > 64) {
            return -1;
        }
        if (v.matches("\\d+")) {
            return v.length() > 12 ? Long.MAX_VALUE : Long.parseLong(v) * 1000;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
        } catch (RuntimeException bad) {
            return -1L;
        }
    }

    /** Sleeps {@code millis}, checking for cancellation every 100 ms. */
    public static void pause(long millis, Cancellation cancel, HfSource source) {
        long until = System.nanoTime() + millis * 1_000_000;
        try {
            while (true) {
                cancel.check("downloading " + source.describe());
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                Thread.sleep(Math.min(100, left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HfException("interrupted while downloading " + source.describe(), e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }

    /** Decodes a small text body for messages. */
    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
