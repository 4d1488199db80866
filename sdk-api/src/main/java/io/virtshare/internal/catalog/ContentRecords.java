package io.virtshare.internal.catalog;

import io.virtshare.InvalidSpecException;
import io.virtshare.datastore.DatastoreException;
import io.virtshare.internal.files.TreeSync;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.internal.json.JsonReader;
import io.virtshare.internal.json.JsonReader.Token;
import io.virtshare.internal.json.JsonScalar;
import io.virtshare.internal.json.JsonWriter;
import io.virtshare.internal.json.MalformedJsonException;
import io.virtshare.spi.FileHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The content hash of every file of an image, kept beside the catalog entries in
 * {@code BASE_PATH/.virtshare/contents/<id>.json} so that every host sharing the datastore
 * can reuse the image's files:
 *
 * <pre>
 * {"format": "virtshare-contents", "version": 1, "image": 7,
 *  "files": [{"path": "config.json", "size": 665, "gitBlobSha1": "…"},
 *            {"path": "model.safetensors", "size": 548105171, "sha256": "…"}]}
 * </pre>
 *
 * <p>An image without a record (registered before records existed, or from a directory or
 * an archive, whose copies are not hashed) simply offers nothing to reuse. A record is
 * written once, before the image's READY entry, by an atomic rename of a unique temp file.
 * A record that is not a regular file, too large, not this format, of a newer version,
 * of another image, or with a malformed file is refused with a {@link DatastoreException}
 * saying so; nothing of it is used.
 */
public final class ContentRecords {
    static final String FORMAT = "virtshare-contents";
    static final int VERSION = 1;
    private static final long MAX_RECORD = 64L << 20;
    private static final Map<FileHash.Algorithm, String> FIELDS = Map.of(FileHash.Algorithm.SHA256, "sha256",
            FileHash.Algorithm.GIT_BLOB_SHA1, "gitBlobSha1");

    private final Path dir;

    /** The records below catalog directory {@code meta} ({@code BASE_PATH/.virtshare}). */
    public ContentRecords(Path meta) {
        this.dir = meta.resolve("contents");
    }

    /** Records {@code files} as the content of image {@code id}, durably (replacing an earlier record). */
    public void write(int id, List<FileHash> files) throws IOException {
        sync(writeUnsynced(id, files));
    }

    /**
     * Records {@code files} as the content of image {@code id} (replacing an earlier record) by an
     * atomic rename, without waiting for the disk: {@link #sync} makes it durable, as does a
     * {@code syncfs} of its file system begun after this returns.
     *
     * @return the record's file
     */
    public Path writeUnsynced(int id, List<FileHash> files) throws IOException {
        CatalogStore.requireDirectory(dir);
        Path target = file(id);
        Path temp = dir.resolve("." + id + ".json." + UniqueTokens.next() + ".tmp");
        try {
            // torn by a crash before it is synced, it belongs to an image that never became READY: never read
            Files.write(temp, json(id, files), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** Puts a record written by {@link #writeUnsynced} on stable storage: its bytes and its name. */
    public void sync(Path record) throws IOException {
        TreeSync.syncFile(record);
        TreeSync.syncDirectory(dir);
    }

    /**
     * The recorded content of image {@code id}; empty when the image has no record.
     *
     * @throws DatastoreException when the record is unusable (see the class comment), naming the
     *     file and what is wrong with it
     */
    public Optional<List<FileHash>> read(int id) {
        Path file = file(id);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw refused(file, "it cannot be read (" + e.getMessage() + ")");
        }
        if (!attributes.isRegularFile()) {
            throw refused(file, "it is not a regular file");
        }
        if (attributes.size() > MAX_RECORD) {
            throw refused(file, "it is larger than " + MAX_RECORD + " bytes");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) MAX_RECORD + 1);
            if (bytes.length > MAX_RECORD) {
                throw refused(file, "it is larger than " + MAX_RECORD + " bytes");
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw refused(file, "it cannot be read (" + e.getMessage() + ")");
        }
        Record record;
        try {
            record = Record.read(bytes);
        } catch (MalformedJsonException e) {
            throw refused(file, "it is not valid JSON (" + e.getMessage() + ")");
        }
        return Optional.of(parse(file, record, id));
    }

    /** Removes the record of image {@code id}, if any. */
    public void remove(int id) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(file(id));
        }
    }

    private Path file(int id) {
        return dir.resolve(id + ".json");
    }

    /** The record's bytes: compact JSON, since a record lists every file of its image. */
    private static byte[] json(int id, List<FileHash> files) throws IOException {
        JsonWriter out = JsonWriter.compact();
        out.beginObject().name("format").value(FORMAT).name("version").value(VERSION).name("image").value(id)
                .name("files").beginArray();
        for (FileHash f : files) {
            out.beginObject().name("path").value(f.path()).name("size").value(f.size())
                    .name(FIELDS.get(f.algorithm())).value(f.hex()).endObject();
        }
        return out.endArray().endObject().utf8();
    }

    /**
     * A record as read, before it is checked: the root's fields that matter (of a field named
     * twice, the last), and each element of its list of files (null for one that is no object).
     * The whole text is read first, so that text that is not JSON is refused as that, wherever
     * it goes wrong.
     */
    private record Record(boolean isObject, JsonScalar format, JsonScalar version, JsonScalar image,
            List<Map<String, JsonScalar>> files) {
        static Record read(byte[] bytes) throws MalformedJsonException {
            JsonReader in = JsonReader.of(bytes);
            if (in.next() != Token.START_OBJECT) {
                in.skipValue();
                in.next();
                return new Record(false, JsonScalar.ABSENT, JsonScalar.ABSENT, JsonScalar.ABSENT, null);
            }
            JsonScalar format = JsonScalar.ABSENT;
            JsonScalar version = JsonScalar.ABSENT;
            JsonScalar image = JsonScalar.ABSENT;
            List<Map<String, JsonScalar>> files = null;
            while (in.next() == Token.NAME) {
                Token value = in.next();
                switch (in.name()) {
                    case "format" -> format = JsonScalar.of(in);
                    case "version" -> version = JsonScalar.of(in);
                    case "image" -> image = JsonScalar.of(in);
                    case "files" -> files = value == Token.START_ARRAY ? files(in) : skipped(in);
                    default -> in.skipValue();
                }
            }
            in.next();
            return new Record(true, format, version, image, files);
        }

        private static List<Map<String, JsonScalar>> skipped(JsonReader in) throws MalformedJsonException {
            in.skipValue();
            return null;
        }

        private static List<Map<String, JsonScalar>> files(JsonReader in) throws MalformedJsonException {
            List<Map<String, JsonScalar>> files = new ArrayList<>();
            while (in.next() != Token.END_ARRAY) {
                if (in.current() != Token.START_OBJECT) {
                    in.skipValue();
                    files.add(null);
                    continue;
                }
                Map<String, JsonScalar> fields = new HashMap<>();
                while (in.next() == Token.NAME) {
                    in.next();
                    String name = in.name();
                    if (name.equals("path") || name.equals("size") || FIELDS.containsValue(name)) {
                        fields.put(name, JsonScalar.of(in));
                    } else {
                        in.skipValue();
                    }
                }
                files.add(fields);
            }
            return files;
        }
    }

    private static List<FileHash> parse(Path file, Record root, int id) {
        if (!root.isObject() || !root.format().isText() || !FORMAT.equals(root.format().text())) {
            throw refused(file, "it is not a " + FORMAT + " record");
        }
        Optional<Long> version = root.version().whole(Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (version.isEmpty() || version.get() < 1) {
            throw refused(file, "it has no valid version");
        }
        if (version.get() > VERSION) {
            throw refused(file, "it is of version " + version.get() + ", written by a newer virtshare that this"
                    + " one (version " + VERSION + ") does not read; upgrade virtshare on this host");
        }
        if (!root.image().whole(Integer.MIN_VALUE, Integer.MAX_VALUE).equals(Optional.of((long) id))) {
            throw refused(file, "it names image " + root.image().json() + ", not the " + id + " of its file name");
        }
        if (root.files() == null) {
            throw refused(file, "it has no list of files");
        }
        List<FileHash> out = new ArrayList<>(root.files().size());
        Set<String> paths = new HashSet<>();
        for (Map<String, JsonScalar> fields : root.files()) {
            FileHash f = fileHash(file, fields, out.size());
            if (!paths.add(f.path())) {
                throw refused(file, "it lists '" + f.path() + "' twice");
            }
            out.add(f);
        }
        return List.copyOf(out);
    }

    private static FileHash fileHash(Path file, Map<String, JsonScalar> fields, int index) {
        JsonScalar path = fields == null ? JsonScalar.ABSENT : fields.getOrDefault("path", JsonScalar.ABSENT);
        Optional<Long> size = fields == null ? Optional.empty()
                : fields.getOrDefault("size", JsonScalar.ABSENT).whole(Long.MIN_VALUE, Long.MAX_VALUE);
        if (!path.isText() || size.isEmpty()) {
            throw refused(file, "its file " + index + " has no path or size");
        }
        FileHash.Algorithm algorithm = null;
        String hex = null;
        for (Map.Entry<FileHash.Algorithm, String> field : FIELDS.entrySet()) {
            JsonScalar value = fields.getOrDefault(field.getValue(), JsonScalar.ABSENT);
            if (value.isText()) {
                if (algorithm != null) {
                    throw refused(file, "its file " + index + " has two hashes");
                }
                algorithm = field.getKey();
                hex = value.text();
            }
        }
        if (algorithm == null) {
            throw refused(file, "its file " + index + " has no sha256 or gitBlobSha1");
        }
        try {
            return new FileHash(path.text(), size.get(), algorithm, hex);
        } catch (InvalidSpecException e) {
            throw refused(file, "its file " + index + " is malformed: " + e.getMessage());
        }
    }

    private static DatastoreException refused(Path file, String problem) {
        return new DatastoreException("content record " + file + " is not used: " + problem + ". Its image's files"
                + " are downloaded again instead of reused; remove the record (the image itself is unaffected) to"
                + " silence this");
    }
}
