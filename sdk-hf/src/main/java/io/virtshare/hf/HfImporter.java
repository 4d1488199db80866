package io.virtshare.hf;

import io.virtshare.InvalidSpecException;
import io.virtshare.internal.files.Digests;
import io.virtshare.internal.hf.FileSource;
import io.virtshare.internal.hf.HubClient;
import io.virtshare.internal.hf.HubSettings;
import io.virtshare.internal.hf.PathPatterns;
import io.virtshare.internal.hf.RepoApi;
import io.virtshare.internal.hf.RepoFile;
import io.virtshare.internal.hf.SnapshotDownload;
import io.virtshare.progress.Cancellation;
import io.virtshare.spi.FileHash;
import io.virtshare.spi.ImportContext;
import io.virtshare.spi.ImportOutcome;
import io.virtshare.spi.SourceImporter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code hf://} importer: downloads a Hugging Face repository (or a folder of it,
 * filtered by allow/ignore patterns) at a revision pinned to its commit, verifying every
 * file as it streams (sha256 for LFS files, git blob sha1 for the others), several files
 * and byte ranges at once, resuming from verified partial downloads, retrying with
 * backoff, and keeping within the Hub's rate limits (its {@code RateLimit} headers are read,
 * requests slow down before the limit, 429 answers are waited out and fewer requests run at
 * once after them; waits are reported as {@code hub-wait} progress). Found by {@link java.util.ServiceLoader} for {@code ds.images().register("hf://…")},
 * configured from {@code HF_ENDPOINT} and {@code HF_TOKEN}; the token is sent to the
 * endpoint's host only, never to a redirect target elsewhere, and never logged.
 * Immutable and safe to share.
 *
 * <pre>{@code
 * ds.images().register("hf://openai-community/gpt2@main?allow=*.json");   // through the datastore
 *
 * HfImporter hf = HfImporter.builder().endpoint(URI.create("https://huggingface.co")).token(token).build();
 * HfSize size = hf.size("hf://datasets/acme/reviews");                     // dry run: no download
 * }</pre>
 */
public final class HfImporter implements SourceImporter {
    /** The Hub's address when {@code HF_ENDPOINT} is not set. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    private final HubSettings settings;
    private final List<String> allow;
    private final List<String> ignore;
    private final Duration claimLease;
    /** A bad {@code HF_ENDPOINT} seen by the ServiceLoader constructor, reported when an import starts. */
    private final String environmentProblem;

    /**
     * An importer configured from the environment ({@code HF_ENDPOINT}, {@code HF_TOKEN}); for
     * ServiceLoader. A bad {@code HF_ENDPOINT} fails the imports, not the service lookup.
     */
    public HfImporter() {
        this(lenientEnvironment());
    }

    private static Builder lenientEnvironment() {
        Builder b = builder();
        try {
            b.environment(System.getenv());
        } catch (InvalidSpecException e) {
            b.environmentProblem = e.getMessage();
        }
        return b;
    }

    private HfImporter(Builder b) {
        this.settings = new HubSettings(b.endpoint, Optional.ofNullable(b.token), b.connectionsPerHost, b.maxAttempts,
                b.initialBackoff, b.maxBackoff, b.requestTimeout, b.rangeThreshold, b.partSize, b.maxPlainGet,
                b.maxWait);
        this.allow = List.copyOf(b.allow);
        this.ignore = List.copyOf(b.ignore);
        this.claimLease = b.claimLease;
        this.environmentProblem = b.environmentProblem;
    }

    /** The importer {@link #HfImporter()} makes: from {@code HF_ENDPOINT} and {@code HF_TOKEN}. */
    public static HfImporter fromEnvironment() {
        return builder().environment(System.getenv()).build();
    }

    /** A builder with the defaults (the public Hub, no token, 8 connections per host). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String scheme() {
        return "hf";
    }

    /** The Hub this importer talks to. */
    public URI endpoint() {
        return settings.endpoint();
    }

    /** Whether a token is configured (the token itself is never shown). */
    public boolean hasToken() {
        return settings.token().isPresent();
    }

    /**
     * Downloads {@code source} into {@code target} and returns the commit it pinned.
     *
     * @throws InvalidSpecException when the source is not a valid hf:// URI
     * @throws HfException when the Hub refuses, a file does not verify, or retries run out
     */
    @Override
    public ImportOutcome importInto(String source, Path target, ImportContext context) {
        requireUsableEnvironment();
        HfSource parsed = withPatterns(HfSource.parse(source));
        Digests.prepare();   // loads while the repository is listed
        try (HubClient client = new HubClient(settings, context.progress())) {
            RepoApi api = new RepoApi(client);
            RepoApi.Revision revision = api.revision(parsed, context.cancellation());
            String commit = revision.commit();
            List<RepoFile> files = select(parsed, api.files(parsed, commit, context.cancellation()));
            SnapshotDownload.Transfer transfer = new SnapshotDownload(client, api, parsed, commit, target, context)
                    .claimLease(claimLease).proveAccess(revision.restricted()).run(files);
            List<FileHash> hashes = files.stream()
                    .map(f -> FileSource.hashOf(f, SnapshotDownload.localName(parsed, f.path()))).toList();
            return new ImportOutcome(Optional.of(commit), hashes, transfer.downloaded(), transfer.reused());
        }
    }

    /**
     * The size of what importing {@code source} would download, from the tree listing alone.
     *
     * @throws InvalidSpecException when the source is not a valid hf:// URI
     * @throws HfException when the Hub refuses
     */
    public HfSize size(String source) {
        requireUsableEnvironment();
        HfSource parsed = withPatterns(HfSource.parse(source));
        try (HubClient client = new HubClient(settings)) {
            RepoApi api = new RepoApi(client);
            Cancellation none = Cancellation.none();
            String commit = api.commit(parsed, none);
            List<RepoFile> files = select(parsed, api.files(parsed, commit, none));
            return new HfSize(parsed, commit, files.size(), files.stream().mapToLong(RepoFile::size).sum());
        }
    }

    private void requireUsableEnvironment() {
        if (environmentProblem != null) {
            throw new InvalidSpecException(environmentProblem);
        }
    }

    private HfSource withPatterns(HfSource parsed) {
        List<String> a = new ArrayList<>(allow);
        a.addAll(parsed.allow());
        List<String> i = new ArrayList<>(ignore);
        i.addAll(parsed.ignore());
        return parsed.withAllow(a).withIgnore(i);
    }

    private static List<RepoFile> select(HfSource source, List<RepoFile> files) {
        PathPatterns patterns = new PathPatterns(source.allow(), source.ignore());
        List<RepoFile> kept = files.stream().filter(f -> patterns.keeps(f.path())).toList();
        if (kept.isEmpty()) {
            throw new HfException(source.describe() + " has no files" + (source.allow().isEmpty()
                    && source.ignore().isEmpty() ? "" : " matching allow " + source.allow() + " / ignore "
                            + source.ignore()) + "; check the path and patterns", 0, null);
        }
        return kept;
    }

    @Override
    public String toString() {
        return "HfImporter[" + settings.endpoint() + (hasToken() ? ", token set" : "") + "]";
    }

    /** Configures an {@link HfImporter}; explicit values win over the environment. */
    public static final class Builder {
        private URI endpoint = DEFAULT_ENDPOINT;
        private String token;
        private int connectionsPerHost = 8;
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(15);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private long rangeThreshold = 256L << 20;
        private long partSize = 64L << 20;
        private long maxPlainGet = HubSettings.FIFTY_GB;
        private Duration maxWait = Duration.ofMinutes(5);
        private final List<String> allow = new ArrayList<>();
        private final List<String> ignore = new ArrayList<>();
        private Duration claimLease = Duration.ofSeconds(60);
        private String environmentProblem;

        private Builder() {
        }

        /** Takes {@code HF_ENDPOINT} and {@code HF_TOKEN} from {@code env} (e.g. {@code System.getenv()}). */
        public Builder environment(Map<String, String> env) {
            String e = env.get("HF_ENDPOINT");
            if (e != null && !e.isBlank()) {
                endpoint(parseEndpoint(e.trim(), "HF_ENDPOINT"));
            }
            String t = env.get("HF_TOKEN");
            if (t != null && !t.isBlank()) {
                token = t.trim();
            }
            return this;
        }

        /** The Hub's base URL (default {@code https://huggingface.co}). */
        public Builder endpoint(URI value) {
            Objects.requireNonNull(value, "endpoint");
            endpoint = parseEndpoint(value.toString(), "endpoint");
            return this;
        }

        /** The access token, sent as {@code Authorization: Bearer} to the endpoint's host only. */
        public Builder token(String value) {
            token = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        /** At most this many requests at once against one host (1..64, default 8). */
        public Builder connectionsPerHost(int value) {
            if (value < 1 || value > 64) {
                throw new InvalidSpecException("connectionsPerHost must be 1..64, not " + value);
            }
            connectionsPerHost = value;
            return this;
        }

        /** Attempts per request before giving up (1..20, default 6). */
        public Builder maxAttempts(int value) {
            if (value < 1 || value > 20) {
                throw new InvalidSpecException("maxAttempts must be 1..20, not " + value);
            }
            maxAttempts = value;
            return this;
        }

        /** The first wait before a retry (doubled each time, up to {@code max}; Retry-After up to 8x max). */
        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new InvalidSpecException("backoff needs 0 <= initial <= max, not " + initial + ", " + max);
            }
            initialBackoff = initial;
            maxBackoff = max;
            return this;
        }

        /**
         * The longest single wait for the Hub (default 5 minutes, the length of the Hub's rate-limit
         * windows): {@code Retry-After} and {@code RateLimit} reset times beyond it are cut to it.
         */
        public Builder maxWait(Duration value) {
            if (value == null || value.isNegative() || value.toHours() > 24) {
                throw new InvalidSpecException("maxWait must be between 0 and 24 hours, not " + value);
            }
            maxWait = value;
            return this;
        }

        /** How long to wait for response headers (default 60 s). */
        public Builder requestTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new InvalidSpecException("requestTimeout must be positive, not " + value);
            }
            requestTimeout = value;
            return this;
        }

        /**
         * Files of at least {@code threshold} bytes are fetched as parallel ranges of
         * {@code partSize} bytes (defaults 256 MiB and 64 MiB; files over 50 GB always are).
         */
        public Builder ranges(long threshold, long partSize) {
            if (threshold < 1 || partSize < 4096) {
                throw new InvalidSpecException("ranges need threshold >= 1 and partSize >= 4096, not " + threshold
                        + ", " + partSize);
            }
            this.rangeThreshold = threshold;
            this.partSize = partSize;
            return this;
        }

        /** Files above this size are never fetched with one plain GET (default 50 GB, the Hub's limit). */
        public Builder maxPlainGet(long bytes) {
            if (bytes < 1) {
                throw new InvalidSpecException("maxPlainGet must be positive, not " + bytes);
            }
            maxPlainGet = bytes;
            return this;
        }

        /** Only files matching one of these patterns (added to those in the URI). */
        public Builder allow(String... patterns) {
            allow.addAll(List.of(patterns));
            return this;
        }

        /** No files matching one of these patterns (added to those in the URI). */
        public Builder ignore(String... patterns) {
            ignore.addAll(List.of(patterns));
            return this;
        }

        /**
         * How long a concurrent import's claim on a file is honoured after its last heartbeat
         * (1 s..1 h, default 60 s): an import that finds a file claimed by another import into
         * the same datastore waits for that import's verified file instead of downloading it,
         * and takes the claim over once it has not been renewed for this long (a killed or
         * stuck importer). Hosts sharing a datastore need clocks closer than this.
         */
        public Builder claimLease(Duration value) {
            if (value == null || value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidSpecException("claimLease must be 1 s..1 h, not " + value);
            }
            claimLease = value;
            return this;
        }

        public HfImporter build() {
            return new HfImporter(this);
        }

        private static URI parseEndpoint(String value, String what) {
            URI uri;
            try {
                uri = URI.create(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException(what + " '" + value + "' is not a URL; use e.g. https://huggingface.co");
            }
            if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme())) || uri.getRawQuery() != null) {
                throw new InvalidSpecException(what + " '" + value + "' is not an http(s) URL with a host; use e.g."
                        + " https://huggingface.co");
            }
            return uri;
        }
    }
}
