package io.virtshare.testkit.hf;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One request to the fake Hub or CDN: decoded path, headers, and the ways to answer it. */
final class Exchange {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final int CHUNK = 256 * 1024;
    private static final int SLOW_CHUNK = 64 * 1024;

    private final HttpExchange http;
    private final String listener;
    private final FakeHub hub;
    private int status;
    private boolean recorded;

    Exchange(HttpExchange http, String listener, FakeHub hub) {
        this.http = http;
        this.listener = listener;
        this.hub = hub;
    }

    /** The path's segments, each percent-decoded (so {@code refs%2Fpr%2F1} is one segment). */
    List<String> segments() {
        List<String> out = new ArrayList<>();
        for (String s : http.getRequestURI().getRawPath().split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    String path() {
        return String.join("/", segments());
    }

    String query() {
        return Optional.ofNullable(http.getRequestURI().getRawQuery()).orElse("");
    }

    /** The request body as UTF-8 text, at most 1 MiB. */
    String bodyText() throws IOException {
        byte[] body = http.getRequestBody().readNBytes(1 << 20);
        return new String(body, StandardCharsets.UTF_8);
    }

    boolean head() {
        return http.getRequestMethod().equals("HEAD");
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(http.getRequestHeaders().getFirst(name));
    }

    /** The bearer token sent, if any. */
    Optional<String> token() {
        return header("Authorization").filter(a -> a.startsWith("Bearer ")).map(a -> a.substring(7));
    }

    void setHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    void json(int code, String body) throws IOException {
        setHeader("Content-Type", "application/json");
        bytes(code, body.getBytes(StandardCharsets.UTF_8));
    }

    void error(int code, String errorCode, String message) throws IOException {
        if (errorCode != null) {
            setHeader("X-Error-Code", errorCode);
        }
        setHeader("X-Error-Message", message);
        json(code, "{\"error\":" + Json.quote(message) + "}");
    }

    void bytes(int code, byte[] body) throws IOException {
        status = code;
        record();
        applyHeaderFaults();
        if (head()) {
            http.sendResponseHeaders(code, -1);
        } else {
            http.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A 429 or 503 fault, when one is due for this request. */
    boolean statusFault() throws IOException {
        Optional<Map.Entry<Integer, String>> fault = hub.faults().takeStatus(path());
        if (fault.isEmpty()) {
            return false;
        }
        int code = fault.get().getKey();
        if (code == 429) {
            setHeader("Retry-After", fault.get().getValue());
            error(429, null, "Too Many Requests (fake Hub fault)");
        } else {
            error(code, null, "Service Unavailable (fake Hub fault)");
        }
        return true;
    }

    /**
     * Counts this request against its rate-limit bucket ({@code api} or {@code resolvers}), sets
     * the {@code RateLimit} headers, and answers 429 when the quota is used up.
     */
    boolean rateLimited() throws IOException {
        List<String> s = segments();
        String bucket = !s.isEmpty() && s.get(0).equals("api") ? "api" : s.contains("resolve") ? "resolvers" : null;
        if (bucket == null) {
            return false;
        }
        RateLimits.Verdict v = hub.faults().rateLimits().take(bucket);
        setHeader("RateLimit", v.rateLimit());
        setHeader("RateLimit-Policy", v.policy());
        if (v.allowed()) {
            return false;
        }
        setHeader("Retry-After", Long.toString(v.resetSeconds()));
        error(429, null, "429 Too Many Requests: you have reached your '" + bucket + "' rate limit. Retry after "
                + v.resetSeconds() + " seconds, or authenticate with a token for higher limits.");
        return true;
    }

    private void applyHeaderFaults() {
        hub.faults().headersFor(path()).forEach(this::setHeader);
    }

    /** Sends {@code file}'s bytes, honouring Range and the content faults. */
    void content(FakeFile file) throws IOException {
        long size = file.size();
        long from = 0;
        long to = size - 1;
        int code = 200;
        Optional<String> range = header("Range");
        setHeader("Accept-Ranges", "bytes");
        if (range.isPresent() && !hub.faults().ignoresRange()) {
            Matcher m = RANGE.matcher(range.get().trim());
            if (!m.matches() || Long.parseLong(m.group(1)) >= size && size > 0) {
                setHeader("Content-Range", "bytes */" + size);
                error(416, null, "Range Not Satisfiable: " + range.get());
                return;
            }
            from = Long.parseLong(m.group(1));
            to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            code = 206;
            setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        long length = Math.max(0, to - from + 1);
        status = code;
        record();
        if (head()) {
            setHeader("Content-Length", Long.toString(length));
            applyHeaderFaults();
            http.sendResponseHeaders(code, -1);
            return;
        }
        long dropAfter = hub.faults().takeDrop(path());
        boolean corrupt = hub.faults().corrupts(path());
        applyHeaderFaults();
        http.sendResponseHeaders(code, length == 0 ? -1 : length);
        OutputStream out = http.getResponseBody();
        // throttled answers keep small chunks, so that a slow body still arrives in steps
        int chunk = hub.faults().bytesPerSecond() > 0 ? SLOW_CHUNK : CHUNK;
        byte[] buf = new byte[(int) Math.min(chunk, Math.max(1, length))];
        long sent = 0;
        try (FileContent.Reader reader = file.content().open()) {
            while (sent < length) {
                int n = (int) Math.min(buf.length, length - sent);
                if (dropAfter >= 0 && sent + n > dropAfter) {
                    n = (int) (dropAfter - sent);
                    reader.read(from + sent, buf, n);
                    out.write(buf, 0, n);
                    out.flush();
                    // closing the socket under the exchange cuts the body short
                    throw new IOException("fake Hub fault: connection dropped after " + dropAfter + " bytes");
                }
                throttle(n);
                reader.read(from + sent, buf, n);
                if (corrupt) {
                    for (int i = 0; i < n; i++) {
                        if (((from + sent + i) & 4095) == 0) {
                            buf[i] ^= (byte) 0x5A;
                        }
                    }
                }
                out.write(buf, 0, n);
                sent += n;
                hub.countBytes(file.path(), n);
            }
        }
        out.close();
    }

    private void throttle(int n) {
        long rate = hub.faults().bytesPerSecond();
        if (rate > 0) {
            try {
                Thread.sleep(Math.max(1, n * 1000L / rate));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Logs the request once, when its status is known (before the body, so that a client never sees it first). */
    void record() {
        if (recorded) {
            return;
        }
        recorded = true;
        hub.record(new RecordedRequest(listener, http.getRequestMethod(), "/" + path(), header("Range"),
                header("Authorization"), status));
    }

    void close() {
        http.close();
    }
}
