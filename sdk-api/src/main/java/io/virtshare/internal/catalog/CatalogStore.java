package io.virtshare.internal.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.datastore.DatastoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The image catalog inside {@code BASE_PATH/.virtshare}, shared by every process and
 * host that mounts the datastore:
 *
 * <pre>
 * images/&lt;id&gt;.json   one entry per image, replaced by an atomic rename of a unique temp file
 * ids/&lt;id&gt;           id claims, created O_EXCL; never removed, so ids are never reused
 * names/&lt;sha256&gt;     name claims, created O_EXCL; removed with the image
 * locks/             short per-image leases and heartbeats of long operations
 * staging/           imports and clones in progress, renamed into place when complete
 * staging/resume/    partial downloads kept across failed attempts of remote imports
 * trash/             deleted trees, renamed out of the way before they are removed
 * </pre>
 *
 * <p>No global lock file and no {@code flock}: each change is one O_EXCL create or one
 * atomic rename, which NFS and local file systems both make atomic.
 */
public final class CatalogStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final long MAX_ENTRY = 1 << 20;

    private final Path meta;

    public CatalogStore(Path meta) {
        this.meta = meta;
    }

    /** Creates the catalog directories (idempotent). */
    public void init() throws IOException {
        for (String dir : List.of("images", "ids", "names", "locks", "staging", "trash")) {
            Files.createDirectories(meta.resolve(dir));
        }
    }

    public Path staging() {
        return meta.resolve("staging");
    }

    /** Where importers keep partial downloads across attempts (not an orphan: no id in its name). */
    public Path resumeArea() {
        return staging().resolve("resume");
    }

    public Path trash() {
        return meta.resolve("trash");
    }

    /** The heartbeat file of the operation on image {@code id}. */
    public Path heartbeat(int id) {
        return meta.resolve("locks").resolve("op-" + id);
    }

    /** The heartbeat file of the clone named by {@code token}. */
    public Path cloneHeartbeat(String token) {
        return meta.resolve("locks").resolve("clone-" + token);
    }

    /** Claims the next free id (the highest ever claimed + 1). */
    public int allocateId() throws IOException {
        int next = highestId() + 1;
        while (true) {
            try {
                Files.createFile(meta.resolve("ids").resolve(Integer.toString(next)));
                return next;
            } catch (FileAlreadyExistsException e) {
                next++;
            }
        }
    }

    private int highestId() throws IOException {
        int max = -1;
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(meta.resolve("ids"))) {
            for (Path p : ids) {
                try {
                    max = Math.max(max, Integer.parseInt(p.getFileName().toString()));
                } catch (NumberFormatException e) {
                    // not an id claim
                }
            }
        }
        return max;
    }

    /**
     * Claims {@code name} for image {@code id}.
     *
     * @return false when another image holds the name
     */
    public boolean claimName(String name, int id) throws IOException {
        try {
            Files.writeString(nameClaim(name), id + "\n" + name, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    public void releaseName(String name) throws IOException {
        Files.deleteIfExists(nameClaim(name));
    }

    private Path nameClaim(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return meta.resolve("names").resolve(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes an entry atomically and durably: a unique temp file written with
     * {@code O_SYNC}, a rename over the old entry, then the directory synced.
     */
    public void write(ImageRecord record) throws IOException {
        Path target = entry(record.id());
        Path temp = target.resolveSibling("." + record.id() + ".json." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            io.virtshare.internal.files.TreeSync.syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public Optional<ImageRecord> read(int id) throws IOException {
        Path file = entry(id);
        try {
            if (Files.size(file) > MAX_ENTRY) {
                throw new DatastoreException("catalog entry " + file + " is larger than " + MAX_ENTRY
                        + " bytes; it is not one of ours: remove it");
            }
            return Optional.of(JSON.readValue(Files.readAllBytes(file), ImageRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DatastoreException("catalog entry " + file + " is not valid (" + e.getOriginalMessage()
                    + "); restore it or remove it", e);
        }
    }

    /** All entries, by id. */
    public List<ImageRecord> list() throws IOException {
        List<ImageRecord> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(meta.resolve("images"), "[0-9]*.json")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                try {
                    read(Integer.parseInt(n.substring(0, n.length() - ".json".length()))).ifPresent(records::add);
                } catch (NumberFormatException e) {
                    // not an entry
                }
            }
        }
        records.sort(Comparator.comparingInt(ImageRecord::id));
        return records;
    }

    public void remove(int id) throws IOException {
        Files.deleteIfExists(entry(id));
    }

    private Path entry(int id) {
        return meta.resolve("images").resolve(id + ".json");
    }

    /** Runs {@code change} holding image {@code id}'s lease. */
    public <T> T locked(int id, Supplier<T> change) {
        try (Lease lease = Lease.acquire(meta.resolve("locks").resolve(id + ".lock"), "image " + id)) {
            return change.get();
        }
    }
}
