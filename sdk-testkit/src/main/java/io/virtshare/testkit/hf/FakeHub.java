package io.virtshare.testkit.hf;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM Hugging Face Hub for tests, on the JDK's HTTP server: the revision API, the
 * paginated tree API ({@code Link: <…>; rel="next"}), the paths-info API, {@code resolve} (200 with
 * {@code ETag} and {@code X-Repo-Commit} for regular files, 302 to a separate CDN
 * listener with {@code X-Linked-Etag}, {@code X-Linked-Size} and {@code X-Repo-Commit} for
 * LFS files), byte ranges, the Hub's {@code X-Error-Code} errors, gated repositories and
 * datasets; plus {@link #faults() fault switches} and a {@link #requests() request log}.
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
    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService executor;
    private final Map<String, FakeRepo> repos = new ConcurrentHashMap<>();
    private final HubFaults faults = new HubFaults();
    private final List<RecordedRequest> log = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> served = new ConcurrentHashMap<>();
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
        return List.copyOf(log);
    }

    /** Forgets the requests received so far and the bytes counted by {@link #bytesServed()}. */
    public void clearRequests() {
        log.clear();
        served.clear();
    }

    /**
     * The bytes of file content sent so far (by the Hub and the CDN, in bodies and byte
     * ranges, including bodies cut short), by repository path; paths never served are absent.
     */
    public Map<String, Long> bytesServed() {
        Map<String, Long> out = new java.util.TreeMap<>();
        served.forEach((path, n) -> out.put(path, n.get()));
        return out;
    }

    void served(String path, long bytes) {
        served.computeIfAbsent(path, p -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(bytes);
    }

    int pageSize() {
        return pageSize;
    }

    Optional<FakeRepo> repo(FakeRepo.Kind kind, String id) {
        return Optional.ofNullable(repos.get(key(kind, id)));
    }

    /** The file whose LFS sha256 is {@code oid}, in any repository. */
    Optional<FakeFile> lfsObject(String oid) {
        return repos.values().stream().flatMap(r -> r.files().values().stream())
                .filter(f -> f.lfsOid().filter(oid::equals).isPresent()).findFirst();
    }

    void record(RecordedRequest request) {
        log.add(request);
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
