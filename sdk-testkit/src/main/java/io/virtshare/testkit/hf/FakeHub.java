package io.virtshare.testkit.hf;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-JVM Hugging Face Hub for tests, on the JDK's HTTP server: the revision API, the
 * paginated tree API ({@code Link: <…>; rel="next"}), the paths-info API, {@code resolve} (200 with
 * {@code ETag} and {@code X-Repo-Commit} for regular files, 302 to a separate CDN
 * listener with {@code X-Linked-Etag}, {@code X-Linked-Size} and {@code X-Repo-Commit} for
 * LFS files; for Xet-backed files also {@code X-Xet-Hash} and {@code Link: <…>; rel="xet-auth"},
 * redirecting to a Xet bridge URL on the CDN listener), byte ranges, the Hub's
 * {@code RateLimit}/{@code RateLimit-Policy} headers and quotas, the Hub's {@code X-Error-Code}
 * errors, gated repositories and datasets; plus {@link #faults() fault switches}, a
 * {@link #requests() request log}, {@link #requestCounts() request counts per kind} and
 * {@link #bytesSent(String) bytes sent per file}.
 *
 * <p>The Hub listens on {@code 127.0.0.1}; the CDN's URLs name {@code localhost}, so that a
 * redirect to it goes to another host, as on the real Hub. Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (FakeHub hub = FakeHub.start()) {
 *     hub.add(FakeRepo.model("acme", "tiny").file("config.json", "{}").build());
 *     // HF_ENDPOINT=hub.endpoint()
 * }
 * }</pre>
 */
public final class FakeHub implements AutoCloseable {
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService executor;
    private final Map<String, FakeRepo> repos = new ConcurrentHashMap<>();
    private final HubFaults faults = new HubFaults();
    private final List<RecordedRequest> log = new ArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytesSent = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int pageSize;

    private FakeHub(int pageSize) {
        this.pageSize = pageSize;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-hub-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // the JDK server writes headers and body in two segments: with Nagle's algorithm and the client's
        // delayed ACK every small answer waits ~40 ms (a 10,000-file import took 115 s instead of 16 s)
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            this.hub = HttpServer.create(loopback, 64);
            this.cdn = HttpServer.create(loopback, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the fake Hub: " + e.getMessage(), e);
        }
        hub.createContext("/", new HubHandler(this));
        cdn.createContext("/", new CdnHandler(this));
        hub.setExecutor(executor);
        cdn.setExecutor(executor);
        hub.start();
        cdn.start();
    }

    /** Starts a Hub with tree pages of 1000 entries, as the real one. */
    public static FakeHub start() {
        return new FakeHub(1000);
    }

    /** Starts a Hub whose tree pages hold {@code pageSize} entries (small values test pagination). */
    public static FakeHub start(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, not " + pageSize);
        }
        return new FakeHub(pageSize);
    }

    /** Serves {@code repo} (replacing one with the same kind and id). */
    public FakeHub add(FakeRepo repo) {
        repos.put(key(repo.kind(), repo.id()), repo);
        return this;
    }

    /** The Hub's base URL, for {@code HF_ENDPOINT}, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    /** The CDN's base URL (another host name than {@link #endpoint()}). */
    public URI cdnEndpoint() {
        return URI.create("http://localhost:" + cdn.getAddress().getPort());
    }

    /** The fault switches. */
    public HubFaults faults() {
        return faults;
    }

    /** Every request received so far, in order of completion. */
    public List<RecordedRequest> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Forgets the requests received so far, their counts and the bytes sent. */
    public void clearRequests() {
        synchronized (log) {
            log.clear();
            counts.clear();
            bytesSent.clear();
        }
    }

    /**
     * How many requests of each kind arrived: {@code revision}, {@code tree}, {@code paths-info}
     * (the {@code api} bucket), {@code resolve} (the {@code resolvers} bucket), {@code lfs} (CDN
     * objects), {@code xet-bridge} (Xet content), {@code other}; 429 answers included.
     */
    public Map<String, Long> requestCounts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return Map.copyOf(out);
    }

    /** All requests received so far (both listeners). */
    public long requestCount() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Content bytes sent for repository file {@code path} so far (every answer, ranges and retries included). */
    public long bytesSent(String path) {
        AtomicLong n = bytesSent.get(path);
        return n == null ? 0 : n.get();
    }

    /**
     * Content bytes sent so far by repository path (every answer, ranges and retries included);
     * paths never sent are absent.
     */
    public Map<String, Long> bytesSentByFile() {
        Map<String, Long> out = new TreeMap<>();
        bytesSent.forEach((k, v) -> out.put(k, v.get()));
        return Map.copyOf(out);
    }

    /** Content bytes sent for all files so far. */
    public long bytesSent() {
        return bytesSent.values().stream().mapToLong(AtomicLong::get).sum();
    }

    int pageSize() {
        return pageSize;
    }

    Optional<FakeRepo> repo(FakeRepo.Kind kind, String id) {
        return Optional.ofNullable(repos.get(key(kind, id)));
    }

    /** The file whose LFS sha256 or Xet hash is {@code hash}, in any repository. */
    Optional<FakeFile> lfsObject(String hash) {
        return repos.values().stream().map(r -> r.object(hash)).flatMap(Optional::stream).findFirst();
    }

    void record(RecordedRequest request) {
        synchronized (log) {
            log.add(request);
        }
        counts.computeIfAbsent(kindOf(request), k -> new AtomicLong()).incrementAndGet();
    }

    void countBytes(String path, long n) {
        bytesSent.computeIfAbsent(path, k -> new AtomicLong()).addAndGet(n);
    }

    private static String kindOf(RecordedRequest r) {
        String[] s = r.path().split("/");
        if (r.listener().equals("cdn")) {
            return s.length > 1 && s[1].equals("objects") ? "lfs" : s.length > 1 && s[1].startsWith("xet-bridge")
                    ? "xet-bridge" : "other";
        }
        if (s.length > 5 && s[1].equals("api")) {
            return switch (s[5]) {
                case "revision", "tree", "paths-info" -> s[5];
                default -> "other";
            };
        }
        return List.of(s).contains("resolve") ? "resolve" : "other";
    }

    private static String key(FakeRepo.Kind kind, String id) {
        return kind + ":" + id;
    }

    /** Stops both listeners; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            hub.stop(0);
            cdn.stop(0);
            executor.shutdownNow();
        }
    }
}
