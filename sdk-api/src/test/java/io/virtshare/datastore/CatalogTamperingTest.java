package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.catalog.Owner;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Everything under {@code BASE_PATH/.virtshare} may have been written by another host, a bug
 * or an attacker: the datastore checks what it reads there before it acts on it.
 */
class CatalogTamperingTest {
    @TempDir
    Path tmp;

    private Path safe;
    private Path outside;
    private Path base;
    private Path meta;
    private Datastore ds;

    @BeforeEach
    void datastore() throws IOException {
        safe = Files.createDirectories(tmp.resolve("safe"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        base = tmp.resolve("ds");
        meta = base.resolve(".virtshare");
        ds = Datastore.create(base, DatastoreSpec.sharedFs("models").safeDirs(safe.toString()).restrictedDirs("/"));
    }

    private Path tree(String name) throws IOException {
        Path dir = Files.createDirectories(safe.resolve(name));
        Files.writeString(dir.resolve("config.json"), "{\"model\":\"" + name + "\"}");
        return dir;
    }

    /** A directory outside the datastore that looks like catalog contents of every kind. */
    private void plantOutside() throws IOException {
        for (String name : new String[] {"0", "1", "1-important", "7-x", "0.json", "resume"}) {
            Files.createDirectories(outside.resolve(name));
            Files.writeString(outside.resolve(name).resolve("keep"), "user data");
        }
        Files.writeString(outside.resolve("1.lock"), "user data");
    }

    private void assertOutsideUntouched() throws IOException {
        for (String name : new String[] {"0", "1", "1-important", "7-x", "0.json", "resume"}) {
            assertThat(outside.resolve(name).resolve("keep")).hasContent("user data");
        }
        assertThat(outside.resolve("1.lock")).hasContent("user data");
        try (Stream<Path> all = Files.list(outside)) {
            assertThat(all).hasSize(7);
        }
    }

    private static void assertOneLine(Throwable e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trash", "staging", "images", "names", "locks", "ids", "contents"})
    void open_withACatalogDirectoryLinkedOutside_refusesAndTouchesNothingThere(String dir) throws IOException {
        Image image = ds.images().register(tree("model").toString());
        plantOutside();
        PathUtils.deleteDirectory(meta.resolve(dir));
        Files.createSymbolicLink(meta.resolve(dir), outside);

        assertThatThrownBy(() -> Datastore.open(base).images().list()).isInstanceOf(DatastoreException.class)
                .hasMessageContaining(meta.resolve(dir) + " is a symbolic link")
                .hasMessageContaining("replace it with an empty directory")
                .satisfies(CatalogTamperingTest::assertOneLine);
        assertOutsideUntouched();
        assertThat(Files.isSymbolicLink(meta.resolve(dir))).as("the link is reported, not changed").isTrue();
        assertThat(image.path().resolve("config.json")).exists();
    }

    @Test
    void open_withTheCatalogItselfLinkedOutside_refuses() throws IOException {
        ds.images().register(tree("model").toString());
        Path moved = tmp.resolve("moved-catalog");
        Files.move(meta, moved);
        Files.createSymbolicLink(meta, moved);

        assertThatThrownBy(() -> Datastore.open(base)).isInstanceOf(DatastoreException.class)
                .hasMessageContaining(meta + " is a symbolic link");
    }

    @Test
    void open_withAResumeAreaLinkedOutside_refusesRemoteImportsThere() throws IOException {
        plantOutside();
        Files.createSymbolicLink(meta.resolve("staging/resume"), outside);

        Datastore.open(base).images().list();
        assertThatThrownBy(() -> ds.images().register("fake://ok/x")).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("is a symbolic link");
        assertOutsideUntouched();
        assertThat(ds.images().list()).isEmpty();
    }

    private void setEntryPath(int id, String path) throws IOException {
        Path entry = meta.resolve("images/" + id + ".json");
        String json = Files.readString(entry).replaceAll("\"path\" : \"[^\"]*\"", "\"path\" : \"" + path + "\"");
        Files.writeString(entry, json);
    }

    @Test
    void entryPath_isNeverUsed_cloneDomainXmlAndStatUseBasePathId() throws IOException {
        Image image = ds.images().register(tree("model").toString());
        plantOutside();
        setEntryPath(image.id(), outside.toString());

        Image found = ds.images().get(image.id());
        assertThat(found.path()).isEqualTo(base.resolve(Integer.toString(image.id())));
        assertThat(XmlCodec.defaults().writeFilesystem(found.filesystem())).contains("dir=\"" + found.path() + "\"").doesNotContain(
                outside.toString());
        assertThat(ds.images().list()).extracting(Image::path).containsExactly(found.path());
        assertThat(ds.images().usage(image).files()).isEqualTo(1);

        Image clone = ds.images().clone(image, "copy");

        assertThat(clone.path().resolve("config.json")).hasContent("{\"model\":\"model\"}");
        assertThat(clone.path().resolve("keep")).doesNotExist();
        assertThat(clone.files()).isEqualTo(1);
    }

    @Test
    void imageDirectoryReplacedByALink_isReportedAndNeverFollowed() throws IOException {
        Image image = ds.images().register(tree("model").toString());
        plantOutside();
        PathUtils.deleteDirectory(image.path());
        Files.createSymbolicLink(image.path(), outside);

        Image found = ds.images().get(image.id());
        assertThat(found.state()).isEqualTo(ImageState.ERROR);
        assertThat(found.error()).hasValueSatisfying(e -> assertThat(e).contains("is a symbolic link"));
        assertThatThrownBy(found::filesystem).isInstanceOf(ImageStateException.class);
        assertThatThrownBy(() -> ds.images().usage(image)).isInstanceOf(ImageStateException.class)
                .hasMessageContaining("is a symbolic link").satisfies(CatalogTamperingTest::assertOneLine);
        assertThatThrownBy(() -> ds.images().clone(image, "copy")).isInstanceOf(ImageStateException.class);

        ds.images().delete(image);

        assertThat(image.path()).doesNotExist();
        assertOutsideUntouched();
        assertThat(ds.images().list()).isEmpty();
    }

    @Test
    void virtioFsEntryPath_isCheckedAgainstThePathRulesAtUse() throws IOException {
        Path vbase = tmp.resolve("vds");
        Datastore virtio = Datastore.create(vbase, DatastoreSpec.virtioFs("shared").tmMad("local")
                .safeDirs(safe.toString()).restrictedDirs("/"));
        Image image = virtio.images().register(tree("in-place").toString());
        Path entry = vbase.resolve(".virtshare/images/" + image.id() + ".json");
        Files.writeString(entry, Files.readString(entry).replace(image.path().toString(), "/etc"));

        Image found = virtio.images().get(image.id());

        assertThat(found.state()).isEqualTo(ImageState.ERROR);
        assertThatThrownBy(found::filesystem).isInstanceOf(ImageStateException.class);
        assertThatThrownBy(() -> virtio.images().usage(image)).isInstanceOf(ImageStateException.class)
                .hasMessageContaining("/etc").satisfies(CatalogTamperingTest::assertOneLine);

        // a link swapped into a registered directory's place is refused too
        Files.writeString(entry, Files.readString(entry).replace("/etc", image.path().toString()));
        assertThat(virtio.images().get(image.id()).state()).isEqualTo(ImageState.READY);
        PathUtils.deleteDirectory(image.path());
        Files.createSymbolicLink(image.path(), Path.of("/etc"));
        assertThat(virtio.images().get(image.id()).state()).isEqualTo(ImageState.ERROR);
        assertThatThrownBy(() -> virtio.images().usage(image)).isInstanceOf(ImageStateException.class);
        virtio.images().delete(image);
        assertThat(Files.isSymbolicLink(image.path())).as("a VirtioFS delete never touches the directory").isTrue();
    }

    @Test
    void entryWithAnotherId_isSetAsideAndCannotRemoveThatImage() throws IOException {
        Image victim = ds.images().register(tree("victim").toString());
        Path copy = meta.resolve("images/5.json");
        Files.copy(meta.resolve("images/" + victim.id() + ".json"), copy);
        Files.createDirectories(base.resolve("5"));
        setEntryPath(5, base.resolve("5").toString());

        assertThatThrownBy(() -> ds.images().delete(ds.images().get(5))).isInstanceOf(ImageNotFoundException.class);

        assertThat(ds.images().list()).extracting(Image::id).containsExactly(victim.id());
        assertThat(victim.path().resolve("config.json")).exists();
        assertThat(copy).doesNotExist();
        try (Stream<Path> aside = Files.list(meta.resolve("quarantine"))) {
            assertThat(aside).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).startsWith(
                    "5.json."));
        }
        ds.images().delete(victim);
        assertThat(ds.images().list()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "garbage", "null", "[]", "half", "{\"id\":1}", "no-state", "huge", "directory",
            "link", "negative", "newline-name", "bad-token"})
    void unusableEntry_isSetAsideAndTheRestIsServed(String kind) throws IOException {
        Image first = ds.images().register(tree("first").toString());
        Image second = ds.images().register(tree("second").toString());
        Path entry = meta.resolve("images/" + second.id() + ".json");
        String good = Files.readString(entry);
        Files.delete(entry);
        switch (kind) {
            case "half" -> Files.writeString(entry, good.substring(0, good.length() / 2));
            case "no-state" -> Files.writeString(entry, good.replaceAll("\"state\" : \"[A-Z]+\",", ""));
            case "huge" -> Files.write(entry, new byte[2 << 20]);
            case "directory" -> Files.createDirectories(entry.resolve("x"));
            case "link" -> Files.createSymbolicLink(entry, Path.of("/etc/passwd"));
            case "negative" -> Files.writeString(entry, good.replaceAll("\"apparentBytes\" : [0-9]+",
                    "\"apparentBytes\" : -9223372036854775807"));
            case "newline-name" -> Files.writeString(entry, good.replace("\"name\" : \"second\"",
                    "\"name\" : \"a\\nb\""));
            case "bad-token" -> Files.writeString(entry, good.replace("\"cloners\" : [ ]",
                    "\"cloners\" : [ {\"owner\":null,\"token\":\"../../../x\"} ]"));
            default -> Files.writeString(entry, kind);
        }

        Datastore reopened = Datastore.open(base);

        assertThat(reopened.images().list()).extracting(Image::id).containsExactly(first.id());
        assertThat(reopened.images().find(second.id())).isEmpty();
        assertThat(entry).doesNotExist();
        try (Stream<Path> aside = Files.list(meta.resolve("quarantine"))) {
            assertThat(aside).hasSize(1);
        }
        assertThat(second.path().resolve("config.json")).as("the tree is kept for the user to judge").exists();
        reopened.images().register(tree("third").toString());
        reopened.images().delete(first);
        assertThat(reopened.images().list()).extracting(Image::name).containsExactly("third");
    }

    private static String nameKey(String name) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(
                StandardCharsets.UTF_8)));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }

    @Test
    void nameClaimOfADeadProcessWithoutEntry_isReleasedByRecovery() throws Exception {
        Path claim = meta.resolve("names/" + nameKey("foo"));
        Files.writeString(claim, "9\nfoo\n" + new Owner(Owner.current().host(), deadPid(), 0).encode() + "\n");

        Image again = Datastore.open(base).images().register(tree("src").toString(),
                ImportOptions.defaults().withName("foo"));

        assertThat(again.name()).isEqualTo("foo");
    }

    @Test
    void oldNameClaimWithoutOwnerOrEntry_isReleasedByRecovery() throws Exception {
        Path claim = meta.resolve("names/" + nameKey("foo"));
        Files.writeString(claim, "9\nfoo");
        Files.setLastModifiedTime(claim, FileTime.fromMillis(System.currentTimeMillis() - 600_000));

        assertThat(Datastore.open(base).images().register(tree("src").toString(),
                ImportOptions.defaults().withName("foo")).name()).isEqualTo("foo");
    }

    @Test
    void nameClaimOfALiveProcessOrOfAnEntry_isKept() throws Exception {
        Image held = ds.images().register(tree("held").toString());
        Path claim = meta.resolve("names/" + nameKey("foo"));
        Files.writeString(claim, "9\nfoo\n" + Owner.current().encode() + "\n");
        Files.setLastModifiedTime(meta.resolve("names/" + nameKey("held")),
                FileTime.fromMillis(System.currentTimeMillis() - 600_000));

        Datastore reopened = Datastore.open(base);

        assertThat(claim).exists();
        assertThatThrownBy(() -> reopened.images().register(tree("src").toString(),
                ImportOptions.defaults().withName("foo"))).hasMessageContaining("an image named 'foo' exists");
        assertThatThrownBy(() -> reopened.images().register(tree("src2").toString(),
                ImportOptions.defaults().withName(held.name()))).hasMessageContaining("exists");
    }

    @Test
    void staleLeaseOfADeadProcessOnThisHost_isBrokenAtOnce() throws Exception {
        Image image = ds.images().register(tree("model").toString());
        Path lease = meta.resolve("locks/" + image.id() + ".lock");
        Files.writeString(lease, new Owner(Owner.current().host(), deadPid(), 0).encode() + "\n");

        long start = System.nanoTime();
        ds.images().delete(image);

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
        assertThat(ds.images().list()).isEmpty();
        assertThat(lease).doesNotExist();
    }

    @Test
    void retiredEntryOfAGoneDelete_isFinishedByRecovery() throws Exception {
        Image image = ds.images().register(tree("model").toString(), ImportOptions.defaults().withName("foo"));
        // what a delete on a full file system leaves when killed: the entry renamed, the tree still there
        Files.move(meta.resolve("images/" + image.id() + ".json"), meta.resolve("images/" + image.id()
                + ".deleting"));

        Datastore reopened = Datastore.open(base);

        assertThat(image.path()).doesNotExist();
        assertThat(meta.resolve("images/" + image.id() + ".deleting")).doesNotExist();
        assertThat(reopened.images().list()).isEmpty();
        assertThat(reopened.images().register(tree("again").toString(), ImportOptions.defaults().withName("foo"))
                .name()).isEqualTo("foo");
    }

    @Test
    void retiredEntryThatWasNotDeletable_isLeftForItsDeleteToPutBack() throws Exception {
        Image image = ds.images().register(tree("model").toString());
        ds.images().markUsed(image);
        Path retired = meta.resolve("images/" + image.id() + ".deleting");
        Files.move(meta.resolve("images/" + image.id() + ".json"), retired);

        Datastore.open(base);

        assertThat(image.path().resolve("config.json")).as("a USED image's tree is not removed").exists();
        assertThat(retired).exists();
    }

    @Test
    void retiredEntryBesideALiveEntry_isDroppedWithoutTouchingTheImage() throws Exception {
        Image image = ds.images().register(tree("model").toString());
        Files.copy(meta.resolve("images/" + image.id() + ".json"), meta.resolve("images/" + image.id()
                + ".deleting"));

        Datastore reopened = Datastore.open(base);

        assertThat(meta.resolve("images/" + image.id() + ".deleting")).doesNotExist();
        assertThat(image.path().resolve("config.json")).exists();
        assertThat(reopened.images().get(image.id()).state()).isEqualTo(ImageState.READY);
        assertThatThrownBy(() -> reopened.images().register(tree("other").toString(),
                ImportOptions.defaults().withName(image.name()))).hasMessageContaining("exists");
    }

    @Test
    void heartbeatLinkedOutside_isReplacedNotFollowed() throws Exception {
        Image image = ds.images().register(tree("model").toString());
        Path victim = Files.writeString(outside.resolve("passwd"), "root:x:0:0");
        FileTime before = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(victim, before);
        Files.createSymbolicLink(meta.resolve("locks/op-" + image.id()), victim);

        ds.images().delete(image);

        assertThat(victim).hasContent("root:x:0:0");
        assertThat(Files.getLastModifiedTime(victim, LinkOption.NOFOLLOW_LINKS)).isEqualTo(before);
        assertThat(ds.images().list()).isEmpty();
    }

    @Test
    void idClaimAtTheLargestId_isAClearError() throws IOException {
        Files.createFile(meta.resolve("ids/" + Integer.MAX_VALUE));

        assertThatThrownBy(() -> ds.images().register(tree("model").toString()))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("no id is left")
                .satisfies(CatalogTamperingTest::assertOneLine);
        assertThat(ds.images().list()).isEmpty();
    }
}
