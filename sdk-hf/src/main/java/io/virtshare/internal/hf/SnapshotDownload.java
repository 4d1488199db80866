package io.virtshare.internal.hf;

import io.virtshare.VirtShareException;
import io.virtshare.hf.HfException;
import io.virtshare.hf.HfSource;
import io.virtshare.internal.files.TreeWriteback;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.spi.ImportContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads the listed files of one commit into a target directory: several files at
 * once and byte ranges within large ones (bounded per host by the client), verifying
 * each file while it streams, resuming from partial downloads, and moving a file into
 * the tree only once it verified.
 */
public final class SnapshotDownload {
    private static final int BUFFER = 256 * 1024;
    /** Files up to this size come in one request straight into memory, without a partial directory. */
    static final long SMALL = 64 * 1024;

    private final HubClient client;
    private final RepoApi api;
    private final HfSource source;
    private final String commit;
    private final Path target;
    private final ImportContext context;
    private final Cancellation cancel;
    /** What a cancellation stops, as its message says: made once, not per read. */
    private final String importing;
    /** The tree's files written back while more are downloaded. */
    private final TreeWriteback writeback;
    private volatile Throwable failure;
    private final AtomicLong downloaded = new AtomicLong();
    /** Directories of the tree made so far: a repository of many files in few directories makes each once. */
    private final java.util.Set<Path> madeDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Duration claimLease = ContentClaims.DEFAULT_LEASE;
    private boolean proveAccess;

    public SnapshotDownload(HubClient client, RepoApi api, HfSource source, String commit, Path target,
            ImportContext context) {
        this.client = client;
        this.api = api;
        this.source = source;
        this.commit = commit;
        this.target = target;
        this.context = context;
        this.cancel = context.cancellation();
        this.importing = "importing " + source.describe();
        this.writeback = new TreeWriteback(target);
    }

    /** The local name of a repository path: relative to the source's folder. */
    public static String localName(HfSource source, String repoPath) {
        if (source.path().isEmpty()) {
            return repoPath;
        }
        String prefix = source.path() + "/";
        if (!repoPath.startsWith(prefix) || repoPath.length() == prefix.length()) {
            throw new HfException("the Hub listed '" + SafeNames.printable(repoPath) + "' outside the requested"
                    + " folder " + source.path() + " of " + source.describe() + "; nothing was written", 0, null);
        }
        return repoPath.substring(prefix.length());
    }

    /**
     * Bytes a snapshot fetched from the Hub and bytes it copied from local files instead.
     *
     * @param downloaded bytes received over the network
     * @param reused bytes of files taken from other images or a concurrent import
     */
    public record Transfer(long downloaded, long reused) {
    }

    /** How long another import's untouched claim on a file is honoured (default 60 s). */
    public SnapshotDownload claimLease(Duration value) {
        this.claimLease = value;
        return this;
    }

    /**
     * Whether the repository's files are restricted (gated, private or unknown): then its
     * smallest file is always downloaded, so that the Hub's access rules apply even when
     * every file could be copied from the datastore.
     */
    public SnapshotDownload proveAccess(boolean value) {
        this.proveAccess = value;
        return this;
    }

    /**
     * Checks names and room, then puts every file of {@code files} in the tree: copied and
     * verified from a local file with the same content where there is one, else downloaded,
     * while a concurrent import downloading the same content is waited for (see
     * {@link ContentClaims}).
     */
    public Transfer run(List<RepoFile> files) {
        SafeNames.check(files.stream().map(RepoFile::path).toList(), source.describe());
        List<String> locals = files.stream().map(f -> localName(source, f.path())).toList();
        SafeNames.check(locals, source.describe());
        long total = files.stream().mapToLong(RepoFile::size).sum();
        if (total > context.maxBytes()) {
            throw new HfException(source.describe() + " needs " + total + " bytes but only " + context.maxBytes()
                    + " are left under " + context.limitName() + "; raise the limit, free space, or import less"
                    + " with a sub-path or allow/ignore patterns", 0, null);
        }
        Path partialRoot = context.resumeArea().map(p -> p.resolve("hf"))
                .orElse(target.resolve(".virtshare-partial"));
        PartialStore store = new PartialStore(partialRoot);
        ProgressMeter meter = new ProgressMeter(context.progress(), total, files.size());
        long reused = 0;
        try (ContentClaims claims = ContentClaims.open(context.resumeArea(), claimLease, cancel)) {
            FileSource local = new FileSource(context.reusable(), claims);
            List<Integer> pending = java.util.stream.IntStream.range(0, files.size()).boxed().toList();
            int proof = proveAccess ? smallest(files) : -1;
            long wait = 20;
            while (!pending.isEmpty()) {
                List<Integer> waiting = new ArrayList<>();
                boolean claimed;
                try (Downloads downloads = new Downloads(store, meter, claims)) {
                    for (int i : pending) {
                        cancel.check(importing);
                        if (failure != null) {
                            break;   // a download failed: awaitAll() reports it
                        }
                        RepoFile f = files.get(i);
                        if (i != proof && local.reuse(f, locals.get(i), target.resolve(locals.get(i)))) {
                            reused += f.size();
                            meter.resumed(f.size());
                            meter.fileDone(locals.get(i), f.size());
                        } else if (i == proof || claims.tryClaim(FileJob.keyOf(f))) {
                            downloads.start(f, locals.get(i));   // starts now, while the next files are claimed
                        } else {
                            waiting.add(i);
                        }
                    }
                    downloads.awaitAll();
                    claimed = downloads.started();
                }
                if (claimed) {
                    wait = 20;
                } else if (!waiting.isEmpty()) {
                    // another import downloads these: wait for its verified files (or for its lease to run out)
                    HubClient.pause(wait, cancel, source);
                    wait = Math.min(wait * 2, Math.max(20, Math.min(1000, claimLease.toMillis() / 4)));
                }
                pending = waiting;
            }
        } catch (IOException e) {
            throw new HfException("cannot write the download of " + source.describe() + ": " + e.getMessage(), e);
        } finally {
            if (context.resumeArea().isEmpty()) {
                TreeDeleter.deleteQuietly(partialRoot);
            } else {
                store.tidy();
            }
        }
        return new Transfer(downloaded.get(), reused);
    }

    private static int smallest(List<RepoFile> files) {
        int best = 0;
        for (int i = 1; i < files.size(); i++) {
            if (files.get(i).size() < files.get(best).size()) {
                best = i;
            }
        }
        return best;
    }

    /**
     * One round of downloads of files this import claimed: each starts on the pool as soon as it
     * is claimed (the claims of the next files, a link each, are made meanwhile), is verified,
     * published and its claim released. {@link #awaitAll()} waits for all of them and throws the
     * first failure; {@link #close()} stops what still runs, keeps the parts of unfinished large
     * files for a later import, and releases every claim of the round.
     */
    private final class Downloads implements AutoCloseable {
        private final PartialStore store;
        private final ProgressMeter meter;
        private final ContentClaims claims;
        private final HubSettings settings = client.settings();
        private final List<RepoFile> files = new ArrayList<>();
        private final List<FileJob> jobs = new ArrayList<>();
        private final List<Future<?>> futures = new ArrayList<>();
        private final AtomicInteger smallDone = new AtomicInteger();
        private int smallFiles;
        private ThreadPoolExecutor pool;
        private boolean ok;

        Downloads(PartialStore store, ProgressMeter meter, ContentClaims claims) {
            this.store = store;
            this.meter = meter;
            this.claims = claims;
        }

        /** Whether a download was started in this round. */
        boolean started() {
            return !files.isEmpty();
        }

        /** Starts downloading {@code f} (claimed by this import) into {@code local}. */
        void start(RepoFile f, String local) throws IOException {
            files.add(f);
            if (pool == null) {
                AtomicInteger n = new AtomicInteger();
                pool = new ThreadPoolExecutor(smallThreads(), smallThreads(), 0, TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(), r -> {
                            Thread t = new Thread(r, "hf-download-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
            }
            if (f.size() <= SMALL && f.size() < settings.rangeThreshold() && f.size() <= settings.maxPlainGet()) {
                smallFiles++;
                futures.add(pool.submit(() -> guarded(() -> {
                    small(f, local, meter, claims);
                    smallDone.incrementAndGet();
                })));
                return;
            }
            widen();
            boolean ranged = f.size() >= settings.rangeThreshold() || f.size() > settings.maxPlainGet();
            String key = FileJob.keyOf(f);
            FileJob job = new FileJob(f, local, store.claim(key), key, settings.partSize(), ranged);
            jobs.add(job);
            meter.resumed(job.resumedBytes());
            if (ranged) {
                List<Integer> missing = job.missingParts();
                if (missing.isEmpty() && job.claimFinish()) {
                    futures.add(pool.submit(() -> guarded(() -> finish(job, store, meter, claims))));
                }
                for (int part : missing) {
                    futures.add(pool.submit(() -> guarded(() -> {
                        if (part(job, part, meter) && job.claimFinish()) {
                            finish(job, store, meter, claims);
                        }
                    })));
                }
            } else {
                futures.add(pool.submit(() -> guarded(() -> {
                    whole(job, null, meter);
                    if (job.claimFinish()) {
                        finish(job, store, meter, claims);
                    }
                })));
            }
        }

        /**
         * Threads while only small files come: one per request allowed to the host. A small
         * file holds its request's slot until its body is read, then hashes and writes it in
         * microseconds; more threads than slots only wait for slots (20 µs of parking and
         * waking per file, 5–10 % of a 2,000-file import of 4 KiB files).
         */
        private int smallThreads() {
            return Math.max(2, settings.connectionsPerHost());
        }

        /**
         * Twice the threads once a larger file comes: such a file's verification and move, and
         * its parts' writes, then overlap the requests of the others.
         */
        private void widen() {
            int threads = Math.max(2, settings.connectionsPerHost() * 2);
            if (pool.getMaximumPoolSize() < threads) {
                pool.setMaximumPoolSize(threads);
                pool.setCorePoolSize(threads);
            }
        }

        /** Waits for every download started; throws the first failure. */
        void awaitAll() {
            for (Future<?> f : futures) {
                await(f);
            }
            if (smallDone.get() != smallFiles && failure == null) {
                fail(new HfException((smallFiles - smallDone.get()) + " small files of " + source.describe()
                        + " were not completed; nothing was kept; try again", 0, null));
            }
            jobs.stream().filter(job -> !job.moved()).findFirst().ifPresent(job -> fail(new HfException("'"
                    + SafeNames.printable(job.file.path()) + "' of " + source.describe() + " was not completed;"
                    + " nothing was kept; try again", 0, null)));
            if (failure != null) {
                throw asSdk(failure);
            }
            ok = true;
        }

        @Override
        public void close() {
            if (failure == null && !ok) {
                failure = new IllegalStateException("stopped");
            }
            if (pool != null) {
                pool.shutdownNow();
                awaitQuietly(pool);
            }
            for (FileJob job : jobs) {
                job.close();
                if (Files.exists(job.dir)) {
                    if (ok) {
                        store.discard(job.dir);
                    } else {
                        store.publish(job.dir, job.key);
                    }
                }
            }
            for (RepoFile f : files) {
                claims.release(FileJob.keyOf(f));
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /** Runs a unit unless the download already failed; records the first failure. */
    private void guarded(Step step) {
        if (failure != null) {
            return;
        }
        try {
            step.run();
        } catch (Aborted e) {
            // another unit failed first
        } catch (IOException e) {
            fail(new UncheckedIOException(e));
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    private synchronized void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    private static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super(null, null, false, false);
        }
    }

    private void checkRunning() {
        cancel.check(importing);
        if (failure != null) {
            throw new Aborted();
        }
    }

    /**
     * Opens (a range of) a file: at its redirect target once one answer named it; the parts of
     * a ranged LFS or Xet file wait for the first to resolve, so that the Hub sees one
     * {@code resolve} per file, not one per part.
     */
    private HubResponse open(FileJob job, long from, long to) {
        if (job.location() == null && job.file.isLfs() && job.ranged()) {
            synchronized (job) {
                if (job.location() == null) {
                    return openAt(job, null, from, to);
                }
            }
        }
        return openAt(job, job.location(), from, to);
    }

    private HubResponse openAt(FileJob job, URI location, long from, long to) {
        HubResponse r = client.open(location != null ? location : api.resolve(source, commit, job.file.path()), from,
                to, source, commit, job.file.path(), cancel);
        try {
            checkLinked(job.file, r);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        if (location == null && job.file.isLfs() && !r.uri().equals(api.resolve(source, commit, job.file.path()))) {
            job.location(r.uri());
        }
        return r;
    }

    private void checkLinked(RepoFile file, HubResponse r) {
        r.redirectHeader("X-Linked-Etag").map(SnapshotDownload::unquote).ifPresent(etag -> {
            if (file.isLfs() && !etag.equals(file.lfsOid().orElseThrow())) {
                throw new HfException("the Hub resolves '" + file.path() + "' of " + source.describe()
                        + " to sha256 " + etag + " but its tree lists " + file.lfsOid().orElseThrow()
                        + "; nothing was kept, try again (the repository may be changing)", 0, null);
            }
        });
        r.redirectHeader("X-Xet-Hash").map(String::trim).ifPresent(hash -> {
            if (file.isXet() && !hash.equals(file.xetHash().orElseThrow())) {
                throw new HfException("the Hub resolves '" + file.path() + "' of " + source.describe()
                        + " to Xet hash " + HubErrors.oneLine(hash) + " but its tree lists "
                        + file.xetHash().orElseThrow() + "; nothing was kept, try again (the repository may be"
                        + " changing)", 0, null);
            }
        });
        r.redirectHeader("X-Linked-Size").ifPresent(size -> {
            if (!size.trim().equals(Long.toString(file.size()))) {
                throw new HfException("the Hub resolves '" + file.path() + "' of " + source.describe() + " to "
                        + size + " bytes but its tree lists " + file.size() + "; nothing was kept", 0, null);
            }
        });
    }

    static String unquote(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    /** Downloads (the rest of) a whole file; {@code first} is an answer already open, or null. */
    private void whole(FileJob job, HubResponse first, ProgressMeter meter) throws IOException {
        HubResponse r = first;
        int failures = 0;
        long size = job.file.size();
        while (job.written() < size) {
            checkRunning();
            long offset = job.written();
            try {
                if (r == null) {
                    r = open(job, offset > 0 ? offset : -1, -1);
                }
                if (r.status() == 200 && job.written() > 0) {
                    long dropped = job.written();
                    job.restartWhole();
                    meter.add(job.local, 0, size, -dropped);
                } else if (r.status() == 206) {
                    requireRangeStart(r, job, job.written());
                }
                long before = job.written();
                copy(r.body(), size - before, job, meter, (buf, k, at) -> {
                    job.append(buf, k);
                    return true;
                });
                if (job.written() > before) {
                    failures = 0;
                }
                if (job.written() < size) {
                    throw new IOException("the body ended after " + job.written() + " of " + size + " bytes");
                }
            } catch (IOException e) {
                failures = bodyFailed(job.file, ++failures, e);
            } finally {
                if (r != null) {
                    r.close();
                    r = null;
                }
            }
        }
    }

    /** Downloads part {@code i}; false when it was superseded (the file restarted as a whole). */
    private boolean part(FileJob job, int i, ProgressMeter meter) throws IOException {
        int gen = job.generation();
        if (job.superseded(gen)) {
            return false;
        }
        long end = job.partEnd(i);
        long[] pos = {job.partStart(i)};
        int failures = 0;
        while (pos[0] <= end) {
            checkRunning();
            HubResponse r = null;
            try {
                r = open(job, pos[0], end);
                if (r.status() == 200) {
                    if (job.file.size() > client.settings().maxPlainGet()) {
                        throw new HfException("the server ignored a Range request for '" + job.file.path() + "' of "
                                + source.describe() + ", which is too large for one plain download; try again"
                                + " later", 200, null);
                    }
                    // the server ignores Range: the file starts over as one whole download (once)
                    if (!job.restartWhole(gen)) {
                        return false;
                    }
                    HubResponse whole = r;
                    r = null;
                    whole(job, whole, meter);
                    return true;
                }
                requireRangeStart(r, job, pos[0]);
                long before = pos[0];
                boolean current = copy(r.body(), end - pos[0] + 1, job, meter, (buf, k, at) -> {
                    boolean written = job.writeAt(gen, buf, k, pos[0]);
                    if (written) {
                        pos[0] += k;
                    }
                    return written;
                });
                if (!current) {
                    return false;
                }
                if (pos[0] > before) {
                    failures = 0;
                }
                if (pos[0] <= end) {
                    throw new IOException("the body ended at byte " + pos[0] + " of part " + i);
                }
            } catch (IOException e) {
                if (job.superseded(gen)) {
                    return false;
                }
                failures = bodyFailed(job.file, ++failures, e);
            } finally {
                if (r != null) {
                    r.close();
                }
            }
        }
        return job.completePart(gen, i);
    }

    /** After a body broke off: gives up after the last attempt, else waits before the next; returns the count. */
    private int bodyFailed(RepoFile file, int failures, IOException e) {
        if (failures >= client.settings().maxAttempts()) {
            throw HubErrors.gaveUp(source, file.path(), failures, e.toString());
        }
        HubClient.pause(client.backoff(failures), cancel, source);
        return failures;
    }

    private static void requireRangeStart(HubResponse r, FileJob job, long from) throws IOException {
        String range = r.header("Content-Range").orElse("");
        if (!range.startsWith("bytes " + from + "-")) {
            throw new IOException("asked for bytes from " + from + " of " + job.file.path() + " but got '" + range
                    + "'");
        }
    }

    @FunctionalInterface
    private interface Sink {
        boolean accept(byte[] buf, int n, long unused) throws IOException;
    }

    /** Copies at most {@code limit} bytes; refuses a body longer than that; false when the sink stopped. */
    private boolean copy(InputStream in, long limit, FileJob job, ProgressMeter meter, Sink sink) throws IOException {
        byte[] buf = new byte[BUFFER];
        long left = limit;
        while (left > 0) {
            checkRunning();
            int k = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (k < 0) {
                return true;
            }
            if (!sink.accept(buf, k, 0)) {
                return false;
            }
            left -= k;
            downloaded.addAndGet(k);
            meter.add(job.local, job.file.size() - left, job.file.size(), k);
        }
        if (in.read() >= 0) {
            throw new HfException("the server sent more bytes for '" + job.file.path() + "' of " + source.describe()
                    + " than the " + job.file.size() + " its tree lists; nothing was kept", 0, null);
        }
        return true;
    }

    /** Verifies a complete file and moves it into the tree (once more from scratch when resumed bytes were bad). */
    private void finish(FileJob job, PartialStore store, ProgressMeter meter, ContentClaims claims)
            throws IOException {
        String hash = job.finalHash();
        if (!job.file.expectedHash().equals(hash) && job.resumedBytes() > 0) {
            long dropped = job.file.size();
            job.restartWhole();
            meter.add(job.local, 0, job.file.size(), -dropped);
            whole(job, null, meter);
            hash = job.finalHash();
        }
        if (!job.file.expectedHash().equals(hash)) {
            throw notVerified(job.file, hash);
        }
        Path to = target.resolve(job.local);
        parentOf(to);
        job.moveTo(to);
        writeback.written(job.file.size());
        store.discard(job.dir);
        claims.publish(job.key, to);
        claims.release(job.key);
        meter.fileDone(job.local, job.file.size());
    }

    private HfException notVerified(RepoFile file, String hash) {
        String algo = file.isLfs() ? "sha256" : "git blob sha1";
        return new HfException("'" + file.path() + "' of " + source.describe() + (file.isXet()
                ? " (a Xet-backed file, fetched through the Xet bridge)" : "") + " did not verify: its " + algo + " is "
                + (hash == null ? "not computable (bytes missing)" : hash) + " but the Hub lists "
                + file.expectedHash() + "; the download was altered on the way (proxy, CDN or server fault), nothing"
                + " was kept; try again", 0, null);
    }

    /**
     * Downloads a small file in one request into memory, verifies it and writes it into the
     * tree: no partial directory (whose creation, claim and removal cost more than the
     * download); a broken-off body starts over.
     */
    private void small(RepoFile file, String local, ProgressMeter meter, ContentClaims claims) throws IOException {
        int failures = 0;
        while (true) {
            checkRunning();
            byte[] data;
            try (HubResponse r = client.open(api.resolve(source, commit, file.path()), -1, -1, source, commit,
                    file.path(), cancel)) {
                checkLinked(file, r);
                data = new byte[(int) file.size()];
                int have = 0;
                while (have < data.length) {
                    checkRunning();
                    int k = r.body().read(data, have, Math.min(data.length - have, 16 * 1024));
                    if (k < 0) {
                        throw new IOException("the body ended after " + have + " of " + file.size() + " bytes");
                    }
                    have += k;
                }
                if (r.body().read() >= 0) {
                    throw new HfException("the server sent more bytes for '" + file.path() + "' of "
                            + source.describe() + " than the " + file.size() + " its tree lists; nothing was kept",
                            0, null);
                }
            } catch (IOException e) {
                failures = bodyFailed(file, ++failures, e);
                continue;
            }
            String hash = HexFormat.of().formatHex(FileJob.digestFor(file).digest(data));
            if (!file.expectedHash().equals(hash)) {
                throw notVerified(file, hash);
            }
            Path to = target.resolve(local);
            parentOf(to);
            Files.write(to, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writeback.written(data.length);
            downloaded.addAndGet(data.length);
            claims.publish(FileJob.keyOf(file), to);
            claims.release(FileJob.keyOf(file));
            meter.add(local, file.size(), file.size(), file.size());
            meter.fileDone(local, file.size());
            return;
        }
    }

    /** Makes {@code file}'s directory in the tree unless this import made it already. */
    private void parentOf(Path file) throws IOException {
        Path dir = file.getParent();
        if (!madeDirectories.contains(dir)) {
            Files.createDirectories(dir);
            madeDirectories.add(dir);
        }
    }

    private void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new HfException("interrupted while downloading " + source.describe(), e));
        } catch (ExecutionException e) {
            fail(e.getCause());
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rethrows the first failure as an SDK exception. */
    static RuntimeException asSdk(Throwable t) {
        if (t instanceof VirtShareException v) {
            return v;
        }
        if (t instanceof OperationCancelledException c) {
            return c;
        }
        return new HfException(String.valueOf(t.getMessage()), t);
    }
}
