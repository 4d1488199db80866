package io.virtshare.internal.catalog;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.internal.files.Sha256;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.internal.json.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
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
 * staging/resume/    partial downloads kept across failed attempts of remote imports, and the
 *                    claims by which concurrent imports share out the files to download
 * trash/             deleted trees, renamed out of the way before they are removed
 * quarantine/        entries that could not be used (garbage, truncated, another id), kept aside
 * contents/&lt;id&gt;.json  the content hash of every file of an image, for later imports to reuse
 *                    ({@link ContentRecords})
 * </pre>
 *
 * <p>No global lock file and no {@code flock}: each change is one O_EXCL create or one
 * atomic rename, which NFS and local file systems both make atomic.
 *
 * <p>Everything here may have been written by another host, a bug or an attacker: the
 * directories are used only when they are directories (never a symbolic link, whose target
 * is left alone), files are read without following links and within a size bound, and an
 * entry is used only when it is well-formed and names its own id.
 */
public final class CatalogStore {
    private static final long MAX_ENTRY = 1 << 20;
    private static final int MAX_SMALL_FILE = 4096;
    private static final List<String> DIRECTORIES = List.of("images", "ids", "names", "locks", "staging", "trash",
            "quarantine", "contents");

    private final Path meta;

    public CatalogStore(Path meta) {
        this.meta = meta;
    }

    /**
     * Creates the catalog directories where missing, and checks that each one is a
     * directory and not a link.
     *
     * @throws DatastoreException naming the first one that is not, whose target is left untouched
     */
    public void init() throws IOException {
        requireDirectory(meta);
        for (String dir : DIRECTORIES) {
            Path path = meta.resolve(dir);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(path);
                } catch (FileAlreadyExistsException e) {
                    // made by another process meanwhile; checked below
                }
            }
            requireDirectory(path);
        }
    }

    /** {@code .virtshare/<name>}, checked again at each use to be a directory and not a link. */
    private Path directory(String name) {
        requireDirectory(meta);
        Path dir = meta.resolve(name);
        requireDirectory(dir);
        return dir;
    }

    /**
     * Checks that {@code dir} is a directory itself, not a link to one.
     *
     * @throws DatastoreException when it is anything else or missing
     */
    public static void requireDirectory(Path dir) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new DatastoreException("catalog directory " + dir + " is missing; open the datastore again to"
                    + " create it");
        } catch (IOException e) {
            throw new DatastoreException("cannot read catalog directory " + dir + " (" + e.getMessage()
                    + "); check that the datastore is readable");
        }
        if (attributes.isSymbolicLink()) {
            throw new DatastoreException("catalog directory " + dir + " is a symbolic link (to " + linkTarget(dir)
                    + "), not a directory, so nothing there was touched: replace it with an empty directory (rm "
                    + dir + " && mkdir " + dir + ")");
        }
        if (!attributes.isDirectory()) {
            throw new DatastoreException("catalog directory " + dir + " is not a directory, so nothing there was"
                    + " touched: move it away and open the datastore again");
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString().replaceAll("\\p{Cntrl}", "?");
        } catch (IOException | UnsupportedOperationException e) {
            return "somewhere else";
        }
    }

    public Path staging() {
        return directory("staging");
    }

    /**
     * Where importers keep partial downloads across attempts (not an orphan: no id in its name).
     *
     * @throws DatastoreException when it exists as anything but a directory
     */
    public Path resumeArea() {
        Path resume = staging().resolve("resume");
        if (Files.exists(resume, LinkOption.NOFOLLOW_LINKS)) {
            requireDirectory(resume);
        }
        return resume;
    }

    /** The content records of the images. */
    public ContentRecords contents() {
        return new ContentRecords(meta);
    }

    public Path trash() {
        return directory("trash");
    }

    /** The heartbeat file of the operation on image {@code id}. */
    public Path heartbeat(int id) {
        return directory("locks").resolve("op-" + id);
    }

    /** The heartbeat file of the clone named by {@code token}. */
    public Path cloneHeartbeat(String token) {
        return directory("locks").resolve("clone-" + token);
    }

    /** Claims the next free id (the highest ever claimed + 1). */
    public int allocateId() throws IOException {
        int next = highestId() + 1;
        while (true) {
            if (next < 0) {
                throw new DatastoreException("the id claims in " + directory("ids") + " reach " + Integer.MAX_VALUE
                        + ", so no id is left: remove the claims above the highest image id there");
            }
            try {
                Files.createFile(directory("ids").resolve(Integer.toString(next)));
                return next;
            } catch (FileAlreadyExistsException e) {
                next++;
            }
        }
    }

    private int highestId() throws IOException {
        int max = -1;
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(directory("ids"))) {
            for (Path p : ids) {
                OptionalInt id = number(p.getFileName().toString());
                if (id.isPresent()) {
                    max = Math.max(max, id.getAsInt());
                }
            }
        }
        return max;
    }

    /** A non-negative int written as we write one (no sign, no leading zeros), else empty. */
    static OptionalInt number(String text) {
        // by hand, not String.matches: that compiles its pattern on every call, once per catalog entry
        int length = text.length();
        if (length == 0 || length > 10 || length > 1 && text.charAt(0) == '0') {
            return OptionalInt.empty();
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        long value = Long.parseLong(text);
        return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
    }

    /** Whether {@code text} is a name key: 64 lower-case hex digits (checked by hand, as {@link #number}). */
    static boolean isNameKey(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Claims {@code name} for image {@code id}, recording this process as the claim's owner
     * until the image's entry holds the name.
     *
     * @return false when another image holds the name
     */
    public boolean claimName(String name, int id) throws IOException {
        try {
            Files.writeString(nameClaim(name), id + "\n" + name + "\n" + Owner.current().encode() + "\n",
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Makes this process the owner of image {@code id}'s claim on {@code name} (a delete does
     * this before it removes the entry, so that a kill between the two leaves a claim whose
     * owner is gone). Best effort: on a full file system the claim keeps its old owner and
     * is released by age.
     */
    public void holdName(String name, int id) {
        Path claim = nameClaim(name);
        Path temp = claim.resolveSibling("." + claim.getFileName() + "." + UniqueTokens.next() + ".tmp");
        try {
            Files.writeString(temp, id + "\n" + name + "\n" + Owner.current().encode() + "\n",
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, claim, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // keeps its old owner
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // a leftover temp file is not a claim (its name is not a digest)
            }
        }
    }

    public void releaseName(String name) throws IOException {
        Files.deleteIfExists(nameClaim(name));
    }

    private Path nameClaim(String name) {
        return directory("names").resolve(nameKey(name));
    }

    private static String nameKey(String name) {
        return Sha256.hex(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Releases name claims that no entry holds and no running operation is about to: a
     * process killed between claiming a name and writing its entry (or between removing its
     * entry and releasing the name) leaves such a claim. A claim is abandoned when its owner
     * on this host is gone, or when it is older than {@link Heartbeat#DEAD_AFTER} (an owner
     * on another host, or a claim without one): the claim is followed by its entry at once.
     *
     * @param listed the entries as {@link #list()} gave them, no entry having been removed since
     *     (a recovery lists them once for all it does); a claim that none of them holds is judged
     *     again against the entries as they are then
     * @return how many claims were released
     */
    public int releaseAbandonedNames(List<ImageRecord> listed) throws IOException {
        Set<String> held = new HashSet<>();
        for (ImageRecord record : listed) {
            held.add(nameKey(record.name()));
        }
        held.addAll(retiredNames());
        int released = 0;
        Path names = directory("names");
        try (DirectoryStream<Path> claims = Files.newDirectoryStream(names)) {
            for (Path claim : claims) {
                String key = claim.getFileName().toString();
                if (!isNameKey(key) || held.contains(key) || !abandoned(claim)) {
                    continue;
                }
                // judged again now: an entry written after the list above holds the name
                if (heldNow(key)) {
                    continue;
                }
                Files.deleteIfExists(claim);
                released++;
            }
        } catch (DirectoryNotEmptyException e) {
            // a directory planted among the claims: not ours to remove
        }
        return released;
    }

    private boolean heldNow(String key) throws IOException {
        for (ImageRecord record : list()) {
            if (nameKey(record.name()).equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean abandoned(Path claim) {
        Optional<Owner> owner = readSmall(claim).flatMap(text -> {
            String[] lines = text.split("\n");
            return lines.length >= 3 ? Owner.parse(lines[2]) : Optional.empty();
        });
        if (owner.isPresent() && owner.get().goneHere()) {
            return true;
        }
        if (owner.isPresent() && owner.get().onThisHost()) {
            return false;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(claim, LinkOption.NOFOLLOW_LINKS);
            return System.currentTimeMillis() - modified.toMillis() > Heartbeat.DEAD_AFTER.toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a small catalog file without following a link and without reading more than a
     * few KiB.
     *
     * @return empty when it is missing, not a regular file, too large or unreadable
     */
    static Optional<String> readSmall(Path file) {
        return readBounded(file, MAX_SMALL_FILE).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    private static Optional<byte[]> readBounded(Path file, long max) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || attributes.size() > max) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes((int) max + 1);
                return bytes.length > max ? Optional.empty() : Optional.of(bytes);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes an entry atomically and durably: a unique temp file written with
     * {@code O_SYNC}, a rename over the old entry, then the directory synced.
     */
    public void write(ImageRecord record) throws IOException {
        Path target = entry(record.id());
        Path temp = target.resolveSibling("." + record.id() + ".json." + UniqueTokens.next() + ".tmp");
        try {
            Files.write(temp, ImageRecordJson.write(record),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            io.virtshare.internal.files.TreeSync.syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The entry of image {@code id}. An entry that cannot be used (not a regular file, too
     * large, not valid JSON, another id inside, a field missing) is moved to
     * {@code quarantine/}, reported, and read as absent, so one bad file does not block the
     * datastore.
     */
    public Optional<ImageRecord> read(int id) throws IOException {
        Path file = entry(id);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String problem;
        if (!attributes.isRegularFile()) {
            problem = "it is not a regular file";
        } else if (attributes.size() > MAX_ENTRY) {
            problem = "it is larger than " + MAX_ENTRY + " bytes";
        } else {
            Optional<byte[]> bytes = readBounded(file, MAX_ENTRY);
            if (bytes.isEmpty()) {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.empty();
                }
                throw new DatastoreException("cannot read catalog entry " + file + "; check that the datastore is"
                        + " readable");
            }
            try {
                ImageRecord record = ImageRecordJson.read(bytes.get());
                problem = record == null ? "it is empty" : record.problem(id).orElse(null);
                if (problem == null) {
                    return Optional.of(record);
                }
            } catch (MalformedJsonException e) {
                problem = "it is not a valid entry (" + e.getMessage() + ")";
            }
        }
        setAside(file, id, problem);
        return Optional.empty();
    }

    private void setAside(Path file, int id, String problem) {
        Path aside = directory("quarantine").resolve(file.getFileName() + "." + System.currentTimeMillis() + "-"
                + UniqueTokens.next());
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            log().log(System.Logger.Level.WARNING, "catalog entry " + file + " is not usable: " + problem + "; image "
                    + id + " is left out and the file was kept as " + aside + " (restore it from there once"
                    + " repaired, or remove it)");
        } catch (NoSuchFileException e) {
            // set aside by another process meanwhile
        } catch (IOException e) {
            log().log(System.Logger.Level.WARNING, "catalog entry " + file + " is not usable: " + problem + "; image "
                    + id + " is left out (it could not be moved to " + aside + ": " + e.getMessage() + ")");
        }
    }

    /** All entries, by id; unusable ones are set aside (see {@link #read(int)}). */
    public List<ImageRecord> list() throws IOException {
        List<ImageRecord> records = new ArrayList<>();
        // no glob: a glob's pattern would be compiled on every listing
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory("images"))) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (!n.endsWith(".json")) {
                    continue;
                }
                OptionalInt id = number(n.substring(0, n.length() - ".json".length()));
                if (id.isPresent()) {
                    read(id.getAsInt()).ifPresent(records::add);
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
        return directory("images").resolve(id + ".json");
    }

    /**
     * Takes image {@code id} out of the catalog by renaming its entry to
     * {@code images/<id>.deleting}, which needs no free space (a delete on a full file
     * system goes this way). Recovery finishes a delete whose process died.
     */
    public void retire(int id) throws IOException {
        Files.move(entry(id), retired(id), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forgets the retired entry of image {@code id} once its delete is complete. */
    public void removeRetired(int id) throws IOException {
        Files.deleteIfExists(retired(id));
    }

    private Path retired(int id) {
        return directory("images").resolve(id + ".deleting");
    }

    /** The ids of retired entries, each with the entry as retired (empty when unreadable). */
    public Map<Integer, Optional<ImageRecord>> retiredEntries() throws IOException {
        Map<Integer, Optional<ImageRecord>> found = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory("images"), "*.deleting")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                OptionalInt id = number(n.substring(0, n.length() - ".deleting".length()));
                if (id.isPresent()) {
                    found.put(id.getAsInt(), readRetired(id.getAsInt()));
                }
            }
        }
        return found;
    }

    private Set<String> retiredNames() throws IOException {
        Set<String> keys = new HashSet<>();
        for (Optional<ImageRecord> record : retiredEntries().values()) {
            record.ifPresent(r -> keys.add(nameKey(r.name())));
        }
        return keys;
    }

    /**
     * Runs {@code change} holding image {@code id}'s lease, or {@code withoutLease} with the
     * reason when the lease cannot be created (a full file system).
     */
    public <T> T lockedOr(int id, Supplier<T> change, java.util.function.Function<IOException, T> withoutLease) {
        Lease lease;
        try {
            lease = Lease.acquireOrFail(directory("locks").resolve(id + ".lock"), "image " + id);
        } catch (IOException e) {
            return withoutLease.apply(e);
        }
        try (lease) {
            return change.get();
        }
    }

    /**
     * Puts a retired entry back in place, when it may not be deleted after all.
     *
     * @throws IOException when the entry was written meanwhile (the retired copy is then dropped)
     */
    public void unretire(int id) throws IOException {
        Files.move(retired(id), entry(id));
    }

    /** The retired entry of image {@code id}, if it is there and usable. */
    public Optional<ImageRecord> readRetired(int id) {
        return readBounded(retired(id), MAX_ENTRY).flatMap(bytes -> {
            try {
                ImageRecord record = ImageRecordJson.read(bytes);
                return record == null || record.problem(id).isPresent() ? Optional.empty() : Optional.of(record);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Runs {@code change} holding image {@code id}'s lease. */
    public <T> T locked(int id, Supplier<T> change) {
        try (Lease lease = Lease.acquire(directory("locks").resolve(id + ".lock"), "image " + id)) {
            return change.get();
        }
    }

    /**
     * This class's logger, looked up when something is logged: looking it up at class
     * initialisation starts the JDK's logging (about 8 ms of every short command).
     */
    private static System.Logger log() {
        return System.getLogger(CatalogStore.class.getName());
    }
}
