package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShareException;
import io.virtshare.internal.catalog.Owner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.io.file.PathUtils;

/**
 * Random tampering of {@code .virtshare/} (entries, ids, names, leases, heartbeats, links in
 * place of directories) followed by random operations. Whatever the catalog says, nothing
 * outside {@code BASE_PATH} is written or removed, no image directory but {@code BASE_PATH/<id>}
 * is handed out or used, and every operation either works or fails with one clear line.
 */
class CatalogTamperingPropertiesTest {

    enum Kind {
        LINK_TRASH, LINK_STAGING, LINK_IMAGES, LINK_NAMES, LINK_LOCKS, LINK_IDS, GARBAGE_ENTRY, TRUNCATED_ENTRY,
        COPIED_ENTRY, ENTRY_PATH_OUTSIDE, ENTRY_PATH_ETC, ENTRY_OTHER_ID, ENTRY_OTHER_NAME, ENTRY_LOCKED_DEAD,
        ENTRY_DELETE_FOREIGN, ENTRY_CLONE_DEAD, DEAD_LEASE, OLD_FOREIGN_LEASE, EMPTY_LEASE, LEASE_LINK,
        HEARTBEAT_LINK, NAME_CLAIM_GARBAGE, NAME_CLAIM_LINK, LEAKED_NAME, IMAGE_DIR_LINK, IMAGE_DIR_FILE,
        TRASH_ENTRY_LINK, STAGING_ENTRY_LINK, ID_CLAIM_MAX, RETIRED_ENTRY_LINK
    }

    enum Op {
        LIST, GET, USAGE, CLONE, DELETE, REGISTER, FILESYSTEM, REOPEN, MONITOR, MARK_USED_UNUSED
    }

    record Tampering(Kind kind, int target) {
    }

    record Operation(Op op, int target) {
    }

    @Provide
    Arbitrary<List<Tampering>> tamperings() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 2))
                .as(Tampering::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        return Combinators.combine(Arbitraries.of(Op.class), Arbitraries.integers().between(0, 6))
                .as(Operation::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 50)
    void tamperedCatalog_neverReachesOutsideAndFailsInOneLine(@ForAll("tamperings") List<Tampering> tamperings,
            @ForAll("operations") List<Operation> operations) throws Exception {
        Path tmp = Files.createTempDirectory("virtshare-tamper");
        try {
            run(tmp, tamperings, operations);
        } finally {
            PathUtils.deleteDirectory(tmp);
        }
    }

    private void run(Path tmp, List<Tampering> tamperings, List<Operation> operations) throws Exception {
        Path safe = Files.createDirectories(tmp.resolve("safe"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path base = tmp.resolve("ds");
        Path meta = base.resolve(".virtshare");
        for (String name : new String[] {"0", "1", "1-x", "2-y", "0.json", "resume", "names"}) {
            Files.createDirectories(outside.resolve(name));
            Files.writeString(outside.resolve(name).resolve("keep"), "user data " + name);
        }
        Files.writeString(outside.resolve("file"), "user file");
        Files.setLastModifiedTime(outside.resolve("file"), FileTime.fromMillis(1_000_000));
        for (String name : new String[] {"a", "b"}) {
            Files.createDirectories(safe.resolve(name).resolve("sub"));
            Files.writeString(safe.resolve(name).resolve("sub/data"), "data " + name);
        }
        Datastore ds = Datastore.create(base, DatastoreSpec.sharedFs("t").safeDirs(safe.toString()));
        ds.images().register(safe.resolve("a").toString(), ImportOptions.defaults().withName("a"));
        ds.images().register(safe.resolve("b").toString(), ImportOptions.defaults().withName("b"));
        ds.images().clone(ds.images().get(0), "c");
        for (Tampering t : tamperings) {
            tamper(t, base, meta, outside);
        }
        Map<String, String> outsideBefore = snapshot(outside);
        Map<String, String> safeBefore = snapshot(safe);
        Datastore current = ds;
        for (Operation o : operations) {
            try {
                current = operate(o, current, base, safe);
            } catch (VirtShareException e) {
                assertThat(e.getMessage()).as("failure of " + o + " after " + tamperings).isNotBlank()
                        .doesNotContain("\n");
            } catch (RuntimeException e) {
                throw new AssertionError(o + " after " + tamperings + " failed without a clear message: " + e, e);
            }
        }

        assertThat(snapshot(outside)).as("outside BASE_PATH after " + tamperings + " " + operations)
                .isEqualTo(outsideBefore);
        assertThat(snapshot(safe)).as("the sources after " + tamperings + " " + operations).isEqualTo(safeBefore);
    }

    private static Datastore operate(Operation o, Datastore ds, Path base, Path safe) {
        int id = o.target();
        switch (o.op()) {
            case LIST -> ds.images().list().forEach(i -> checkImage(i, base));
            case GET -> ds.images().find(id).ifPresent(i -> checkImage(i, base));
            case USAGE -> ds.images().usage(ds.images().get(id));
            case CLONE -> {
                Image clone = ds.images().clone(ds.images().get(id), ImportOptions.defaults());
                checkImage(clone, base);
                assertThat(clone.path().resolve("sub/data")).exists();
                assertThat(clone.path().resolve("keep")).doesNotExist();
            }
            case DELETE -> ds.images().delete(ds.images().get(id));
            case REGISTER -> checkImage(ds.images().register(safe.resolve(id % 2 == 0 ? "a" : "b").toString()), base);
            case FILESYSTEM -> {
                Image image = ds.images().get(id);
                String xml = image.filesystem().toXml();
                assertThat(xml).contains("dir=\"" + base.resolve(Integer.toString(id)) + "\"");
            }
            case REOPEN -> {
                return Datastore.open(base);
            }
            case MONITOR -> ds.monitor();
            case MARK_USED_UNUSED -> {
                ds.images().markUsed(ds.images().get(id));
                ds.images().markUnused(ds.images().get(id));
            }
            default -> throw new IllegalStateException();
        }
        return ds;
    }

    /** An image handed out points at BASE_PATH/<id>; a usable one there is a real directory. */
    private static void checkImage(Image image, Path base) {
        Path own = base.resolve(Integer.toString(image.id()));
        assertThat(image.path()).isEqualTo(own);
        if (image.state() == ImageState.READY || image.state() == ImageState.USED
                || image.state() == ImageState.CLONE) {
            assertThat(Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS)).as(image + " is usable").isTrue();
        }
    }

    private static void tamper(Tampering t, Path base, Path meta, Path outside) throws IOException {
        int id = t.target();
        Path entry = meta.resolve("images/" + id + ".json");
        Path lease = meta.resolve("locks/" + id + ".lock");
        String deadOwner = new Owner(Owner.current().host(), DEAD_PID, 0).encode();
        try {
            switch (t.kind()) {
                case LINK_TRASH -> link(meta.resolve("trash"), outside);
                case LINK_STAGING -> link(meta.resolve("staging"), outside);
                case LINK_IMAGES -> link(meta.resolve("images"), outside);
                case LINK_NAMES -> link(meta.resolve("names"), outside.resolve("names"));
                case LINK_LOCKS -> link(meta.resolve("locks"), outside);
                case LINK_IDS -> link(meta.resolve("ids"), outside);
                case GARBAGE_ENTRY -> Files.writeString(entry, "\u0000garbage{");
                case TRUNCATED_ENTRY -> {
                    byte[] bytes = Files.readAllBytes(entry); // may be short already: an earlier tampering
                    Files.write(entry, java.util.Arrays.copyOf(bytes, Math.min(40, bytes.length / 2)));
                }
                case COPIED_ENTRY -> {
                    Files.copy(entry, meta.resolve("images/" + (id + 4) + ".json"));
                    Files.createDirectories(base.resolve(Integer.toString(id + 4)));
                }
                case ENTRY_PATH_OUTSIDE -> edit(entry, "\"path\" : \"[^\"]*\"", "\"path\" : \"" + outside + "\"");
                case ENTRY_PATH_ETC -> edit(entry, "\"path\" : \"[^\"]*\"", "\"path\" : \"/etc\"");
                case ENTRY_OTHER_ID -> edit(entry, "\"id\" : [0-9]+", "\"id\" : " + ((id + 1) % 3));
                case ENTRY_OTHER_NAME -> edit(entry, "\"name\" : \"[^\"]*\"", "\"name\" : \"a\"");
                case ENTRY_LOCKED_DEAD -> new Editor().replaceState(entry, "LOCKED");
                case ENTRY_DELETE_FOREIGN -> edit(entry, "\"owner\" : null", "\"owner\" : {\"host\":\"elsewhere\","
                        + "\"pid\":1,\"started\":0}").replaceState(entry, "DELETE");
                case ENTRY_CLONE_DEAD -> edit(entry, "\"cloners\" : \\[ \\]", "\"cloners\" : [ {\"owner\":{\"host\":\""
                        + Owner.current().host() + "\",\"pid\":" + DEAD_PID + ",\"started\":0},\"token\":\"t1\"} ]")
                        .replaceState(entry, "CLONE");
                case DEAD_LEASE -> Files.writeString(lease, deadOwner);
                case OLD_FOREIGN_LEASE -> {
                    Files.writeString(lease, "1 0 elsewhere");
                    Files.setLastModifiedTime(lease, FileTime.fromMillis(System.currentTimeMillis() - 600_000));
                }
                case EMPTY_LEASE -> {
                    Files.createFile(lease);
                    Files.setLastModifiedTime(lease, FileTime.fromMillis(System.currentTimeMillis() - 600_000));
                }
                case LEASE_LINK -> {
                    Files.createSymbolicLink(lease, outside.resolve("file"));
                    Files.setLastModifiedTime(lease, FileTime.fromMillis(1_000_000));
                }
                case HEARTBEAT_LINK -> Files.createSymbolicLink(meta.resolve("locks/op-" + id), outside.resolve("file"));
                case NAME_CLAIM_GARBAGE -> Files.writeString(meta.resolve("names/" + "0".repeat(64)), "garbage");
                case NAME_CLAIM_LINK -> Files.createSymbolicLink(meta.resolve("names/" + "1".repeat(64)),
                        outside.resolve("file"));
                case LEAKED_NAME -> {
                    Path claim = meta.resolve("names/" + "2".repeat(64));
                    Files.writeString(claim, "9\nleak\n" + deadOwner);
                }
                case IMAGE_DIR_LINK -> {
                    PathUtils.deleteDirectory(base.resolve(Integer.toString(id)));
                    Files.createSymbolicLink(base.resolve(Integer.toString(id)), outside);
                }
                case IMAGE_DIR_FILE -> {
                    PathUtils.deleteDirectory(base.resolve(Integer.toString(id)));
                    Files.writeString(base.resolve(Integer.toString(id)), "not a tree");
                }
                case TRASH_ENTRY_LINK -> Files.createSymbolicLink(meta.resolve("trash/" + id + "-x"), outside);
                case STAGING_ENTRY_LINK -> Files.createSymbolicLink(meta.resolve("staging/" + id), outside);
                case ID_CLAIM_MAX -> Files.createFile(meta.resolve("ids/" + Integer.MAX_VALUE));
                case RETIRED_ENTRY_LINK -> Files.createSymbolicLink(meta.resolve("images/" + id + ".deleting"),
                        outside.resolve("file"));
                default -> throw new IllegalStateException();
            }
        } catch (IOException e) {
            // an earlier tampering already changed this place: the combination is still a valid case
        }
    }

    private static void link(Path dir, Path target) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            PathUtils.deleteDirectory(dir);
        }
        Files.createSymbolicLink(dir, target);
    }

    /** Rewrites an entry; returns a handle to chain a state change. */
    private static Editor edit(Path entry, String regex, String replacement) throws IOException {
        if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            Files.writeString(entry, Files.readString(entry).replaceAll(regex,
                    java.util.regex.Matcher.quoteReplacement(replacement)));
        }
        return new Editor();
    }

    static final class Editor {
        void replaceState(Path entry, String state) throws IOException {
            edit(entry, "\"state\" : \"[A-Z]+\"", "\"state\" : \"" + state + "\"");
        }
    }

    /** The pid of a process that has ended. */
    private static final long DEAD_PID = deadPid();

    private static long deadPid() {
        try {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            return p.pid();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every path below {@code root} with its kind, content and modification time. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what = a.isSymbolicLink() ? "link " + Files.readSymbolicLink(p)
                        : a.isDirectory() ? "dir" : "file " + new String(Files.readAllBytes(p),
                                StandardCharsets.UTF_8) + " @" + a.lastModifiedTime().toMillis();
                found.put(root.relativize(p).toString(), what);
            }
        }
        return found;
    }
}
