package io.virtshare.internal.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.InvalidSpecException;
import io.virtshare.datastore.DatastoreException;
import io.virtshare.internal.files.TreeSync;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.spi.FileHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
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
    /**
     * Jackson's part, in a class of its own that loads on first use: commands that never read
     * or write a content record (a clone, a delete) load no Jackson class, not even to verify
     * this one.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        static void write(OutputStream out, int id, List<FileHash> files) throws IOException {
            try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("format", FORMAT);
                g.writeNumberField("version", VERSION);
                g.writeNumberField("image", id);
                g.writeArrayFieldStart("files");
                for (FileHash f : files) {
                    g.writeStartObject();
                    g.writeStringField("path", f.path());
                    g.writeNumberField("size", f.size());
                    g.writeStringField(FIELDS.get(f.algorithm()), f.hex());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        }

        /** The tree of {@code bytes}, read from {@code file}; refused when they are not JSON. */
        static JsonNode read(Path file, byte[] bytes) throws IOException {
            try {
                return MAPPER.readTree(bytes);
            } catch (JacksonException e) {
                throw refused(file, "it is not valid JSON (" + String.valueOf(e.getOriginalMessage())
                        .replaceAll("\\s+", " ") + ")");
            }
        }
    }
    private static final Map<FileHash.Algorithm, String> FIELDS = Map.of(FileHash.Algorithm.SHA256, "sha256",
            FileHash.Algorithm.GIT_BLOB_SHA1, "gitBlobSha1");

    private final Path dir;

    /** The records below catalog directory {@code meta} ({@code BASE_PATH/.virtshare}). */
    public ContentRecords(Path meta) {
        this.dir = meta.resolve("contents");
    }

    /** Records {@code files} as the content of image {@code id}, durably (replacing an earlier record). */
    public void write(int id, List<FileHash> files) throws IOException {
        CatalogStore.requireDirectory(dir);
        Path target = file(id);
        Path temp = dir.resolve("." + id + ".json." + UniqueTokens.next() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                Json.write(out, id, files);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            TreeSync.syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
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
        JsonNode root;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) MAX_RECORD + 1);
            if (bytes.length > MAX_RECORD) {
                throw refused(file, "it is larger than " + MAX_RECORD + " bytes");
            }
            root = Json.read(file, bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw refused(file, "it cannot be read (" + e.getMessage() + ")");
        }
        return Optional.of(parse(file, root, id));
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

    private static List<FileHash> parse(Path file, JsonNode root, int id) {
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw refused(file, "it is not a " + FORMAT + " record");
        }
        JsonNode version = root.path("version");
        if (!version.isInt() || version.asInt() < 1) {
            throw refused(file, "it has no valid version");
        }
        if (version.asInt() > VERSION) {
            throw refused(file, "it is of version " + version.asInt() + ", written by a newer virtshare that this"
                    + " one (version " + VERSION + ") does not read; upgrade virtshare on this host");
        }
        if (!root.path("image").isInt() || root.path("image").asInt() != id) {
            throw refused(file, "it names image " + root.path("image") + ", not the " + id + " of its file name");
        }
        JsonNode files = root.path("files");
        if (!files.isArray()) {
            throw refused(file, "it has no list of files");
        }
        List<FileHash> out = new ArrayList<>(files.size());
        Set<String> paths = new HashSet<>();
        for (Iterator<JsonNode> it = files.elements(); it.hasNext(); ) {
            FileHash f = fileHash(file, it.next(), out.size());
            if (!paths.add(f.path())) {
                throw refused(file, "it lists '" + f.path() + "' twice");
            }
            out.add(f);
        }
        return List.copyOf(out);
    }

    private static FileHash fileHash(Path file, JsonNode node, int index) {
        if (!node.isObject() || !node.path("path").isTextual() || !node.path("size").canConvertToExactIntegral()) {
            throw refused(file, "its file " + index + " has no path or size");
        }
        FileHash.Algorithm algorithm = null;
        String hex = null;
        for (Map.Entry<FileHash.Algorithm, String> field : FIELDS.entrySet()) {
            if (node.path(field.getValue()).isTextual()) {
                if (algorithm != null) {
                    throw refused(file, "its file " + index + " has two hashes");
                }
                algorithm = field.getKey();
                hex = node.path(field.getValue()).asText();
            }
        }
        if (algorithm == null) {
            throw refused(file, "its file " + index + " has no sha256 or gitBlobSha1");
        }
        try {
            return new FileHash(node.path("path").asText(), node.path("size").asLong(), algorithm, hex);
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
