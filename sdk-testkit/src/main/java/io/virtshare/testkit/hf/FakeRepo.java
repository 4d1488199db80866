package io.virtshare.testkit.hf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A repository served by a {@link FakeHub}: a model or dataset with files (given,
 * generated or read from a directory), one commit, and the revision names (branches,
 * tags, {@code refs/pr/N}) that point at it. Optionally gated.
 *
 * <pre>{@code
 * FakeRepo repo = FakeRepo.model("acme", "tiny")
 *         .file("config.json", "{}")
 *         .generatedLfsFile("model.safetensors", 8 << 20, 42)
 *         .revision("v1.0").revision("refs/pr/1")
 *         .build();
 * }</pre>
 */
public final class FakeRepo {
    /** Whether the repository is a model or a dataset (they live under different URLs). */
    public enum Kind {
        /** {@code /api/models/…}, {@code /{ns}/{name}/resolve/…}. */
        MODEL,
        /** {@code /api/datasets/…}, {@code /datasets/{ns}/{name}/resolve/…}. */
        DATASET
    }

    private final Kind kind;
    private final String id;
    private final Map<String, FakeFile> files;
    private final String commit;
    private final Set<String> revisions;
    private final boolean gated;
    private final Set<String> grantedTokens;
    /** LFS and Xet files by sha256 and by Xet hash, for the CDN and the Xet bridge. */
    private final Map<String, FakeFile> objects;

    private FakeRepo(Builder b) {
        this.kind = b.kind;
        this.id = b.id;
        this.files = Map.copyOf(b.files);
        Map<String, FakeFile> byHash = new HashMap<>();
        for (FakeFile f : b.files.values()) {
            f.lfsOid().ifPresent(oid -> byHash.putIfAbsent(oid, f));
            f.xetHash().ifPresent(hash -> byHash.putIfAbsent(hash, f));
        }
        this.objects = Map.copyOf(byHash);
        this.revisions = Set.copyOf(b.revisions);
        this.gated = b.gated;
        this.grantedTokens = Set.copyOf(b.grantedTokens);
        this.commit = commitOf(b.id, b.files.values());
    }

    /** Starts a model repository {@code namespace/name}. */
    public static Builder model(String namespace, String name) {
        return new Builder(Kind.MODEL, namespace, name);
    }

    /** Starts a dataset repository {@code namespace/name}. */
    public static Builder dataset(String namespace, String name) {
        return new Builder(Kind.DATASET, namespace, name);
    }

    /** Models or datasets. */
    public Kind kind() {
        return kind;
    }

    /** {@code namespace/name}. */
    public String id() {
        return id;
    }

    /** The 40-hex commit every revision of this repository resolves to. */
    public String commit() {
        return commit;
    }

    /** The revision names (always including {@code main}). */
    public Set<String> revisions() {
        return revisions;
    }

    /** Whether access needs a granted token. */
    public boolean gated() {
        return gated;
    }

    /** The repository paths of its files, sorted. */
    public List<String> paths() {
        return files.keySet().stream().sorted().toList();
    }

    /** The bytes of file {@code path} (for comparing with what a client wrote). */
    public byte[] bytes(String path) {
        FakeFile file = file(path);
        if (file.size() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(path + " is too large to return as an array");
        }
        byte[] out = new byte[(int) file.size()];
        file.content().read(0, out, out.length);
        return out;
    }

    /** The size of file {@code path}. */
    public long size(String path) {
        return file(path).size();
    }

    /** Whether file {@code path} is stored with LFS or Xet (served through a redirect). */
    public boolean isLfs(String path) {
        return file(path).isLfs();
    }

    /** Whether file {@code path} is Xet-backed (its bytes come from the Xet bridge). */
    public boolean isXet(String path) {
        return file(path).isXet();
    }

    /** The sha256 of file {@code path}'s content, as the tree lists it for LFS and Xet files. */
    public Optional<String> sha256(String path) {
        return file(path).lfsOid();
    }

    Optional<FakeFile> object(String hash) {
        return Optional.ofNullable(objects.get(hash));
    }

    FakeFile file(String path) {
        FakeFile f = files.get(path);
        if (f == null) {
            throw new IllegalArgumentException("no file " + path + " in " + id + "; it has " + paths());
        }
        return f;
    }

    Map<String, FakeFile> files() {
        return files;
    }

    boolean granted(String token) {
        return token != null && grantedTokens.contains(token);
    }

    private static String commitOf(String id, Iterable<FakeFile> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(id.getBytes(StandardCharsets.UTF_8));
            List<FakeFile> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort((a, b) -> a.path().compareTo(b.path()));
            for (FakeFile f : sorted) {
                md.update((f.path() + "\0" + f.gitOid() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return FakeFile.hex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects the files and revisions of a {@link FakeRepo}. */
    public static final class Builder {
        private final Kind kind;
        private final String id;
        private final Map<String, FakeFile> files = new LinkedHashMap<>();
        private final Set<String> revisions = new LinkedHashSet<>(List.of("main"));
        private final Set<String> grantedTokens = new LinkedHashSet<>();
        private boolean gated;

        private Builder(Kind kind, String namespace, String name) {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            if (namespace.isBlank() || name.isBlank() || namespace.contains("/") || name.contains("/")) {
                throw new IllegalArgumentException("a repository id is namespace/name without further slashes, not "
                        + namespace + "/" + name);
            }
            this.kind = kind;
            this.id = namespace + "/" + name;
        }

        /** A regular (non-LFS) file with {@code text} in UTF-8. */
        public Builder file(String path, String text) {
            return file(path, text.getBytes(StandardCharsets.UTF_8));
        }

        /** A regular (non-LFS) file, served by the Hub itself with its git sha1 as ETag. */
        public Builder file(String path, byte[] data) {
            return put(FakeFile.regular(path, new FileContent.Bytes(data.clone())));
        }

        /** An LFS file, served through a redirect to the CDN listener. */
        public Builder lfsFile(String path, byte[] data) {
            return put(FakeFile.lfs(path, new FileContent.Bytes(data.clone())));
        }

        /** An LFS file of {@code size} pseudo-random bytes from {@code seed}, never held in memory. */
        public Builder generatedLfsFile(String path, long size, long seed) {
            return put(FakeFile.lfs(path, new FileContent.Generated(size, seed)));
        }

        /** A Xet-backed file: listed with {@code xetHash}, served through a redirect to the Xet bridge. */
        public Builder xetFile(String path, byte[] data) {
            return put(FakeFile.xet(path, new FileContent.Bytes(data.clone())));
        }

        /** A Xet-backed file of {@code size} pseudo-random bytes from {@code seed}, never held in memory. */
        public Builder generatedXetFile(String path, long size, long seed) {
            return put(FakeFile.xet(path, new FileContent.Generated(size, seed)));
        }

        /**
         * {@code count} regular files {@code prefix00000.txt}, {@code prefix00001.txt}, … of
         * {@code size} pseudo-random bytes each (seeds {@code seed}, {@code seed + 1}, …): a
         * 10,000-file dataset costs a few milliseconds of hashing and no memory for content.
         */
        public Builder generatedFiles(String prefix, int count, int size, long seed) {
            if (count < 0 || size < 0) {
                throw new IllegalArgumentException("count and size must not be negative: " + count + ", " + size);
            }
            for (int i = 0; i < count; i++) {
                generatedFile(String.format("%s%05d.txt", prefix, i), size, seed + i);
            }
            return this;
        }

        /** A regular file of {@code size} pseudo-random bytes from {@code seed}. */
        public Builder generatedFile(String path, long size, long seed) {
            return put(FakeFile.regular(path, new FileContent.Generated(size, seed)));
        }

        /**
         * Every regular file under {@code dir}, by its relative path; files of at least
         * {@code lfsThreshold} bytes become LFS files. Symbolic links are refused.
         */
        public Builder directory(Path dir, long lfsThreshold) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (Files.isSymbolicLink(p)) {
                        throw new IllegalArgumentException(p + " is a symbolic link; a fake repo holds regular files");
                    }
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        String rel = dir.relativize(p).toString().replace('\\', '/');
                        FileContent content = new FileContent.OnDisk(p, Files.size(p));
                        put(content.size() >= lfsThreshold ? FakeFile.lfs(rel, content)
                                : FakeFile.regular(rel, content));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
            }
            return this;
        }

        /** Another name (branch, tag or {@code refs/pr/N}) for the repository's commit. */
        public Builder revision(String name) {
            revisions.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Gates the repository: only requests with one of {@code tokens} get its files. */
        public Builder gated(String... tokens) {
            gated = true;
            grantedTokens.addAll(List.of(tokens));
            return this;
        }

        private Builder put(FakeFile f) {
            if (f.path().isEmpty() || f.path().startsWith("/")) {
                throw new IllegalArgumentException("a repository path is relative and not empty: '" + f.path() + "'");
            }
            files.put(f.path(), f);
            return this;
        }

        /** The repository (hashes computed now). */
        public FakeRepo build() {
            return new FakeRepo(this);
        }
    }
}
