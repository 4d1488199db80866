package io.virtshare.examples.runner;

import static io.virtshare.examples.runner.Oned.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code sharedfs} driver scripts of the built artifact, run by a harness that plays oned
 * ({@link Oned}): every action, and what oned must be told when the input is refused.
 */
class OneSharedFsDriverIT {
    @RegisterExtension
    static final Oned oned = Oned.perClass();

    @TempDir
    Path dir;
    Path base;
    Path safe;
    Oned.Data data;

    @BeforeEach
    void datastore() throws Exception {
        base = dir.resolve("datastores/100");
        safe = Files.createDirectories(dir.resolve("safe"));
        data = Oned.Data.of(7, 100, "sharedfs", base).template("SAFE_DIRS", safe.toString())
                .template("RESTRICTED_DIRS", "/");
    }

    private Path model(String name) throws Exception {
        Path model = Files.createDirectories(safe.resolve(name).resolve("tokenizer"));
        Files.writeString(model.resolveSibling("config.json"), "{\"model_type\":\"gpt2\"}");
        Files.writeString(model.resolve("vocab.txt"), "a\nb\nc\n");
        Files.write(model.resolveSibling("weights.bin"), new byte[3 << 20]);
        return model.getParent();
    }

    /** A tar with one entry named as given, as a hostile archive carries it. */
    private static void writeTar(Path tarball, String name, byte[] content) throws Exception {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarball))) {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
    }

    private static List<String> entries(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void cp_ofDirectory_answersSourceUnderBasePathAndFormatDir() throws Exception {
        Path model = model("llama");

        Oned.Answer cp = oned.run("sharedfs", "cp", data.path(model.toString()));

        assertThat(cp.exit()).as(cp.toString()).isZero();
        assertThat(cp.words()).hasSize(2);
        Path source = Path.of(cp.words().get(0));
        assertThat(source.getParent()).isEqualTo(base);
        assertThat(cp.words().get(1)).isEqualTo("dir");
        assertThat(Files.readString(source.resolve("tokenizer/vocab.txt"))).isEqualTo("a\nb\nc\n");
        assertThat(Files.size(source.resolve("weights.bin"))).isEqualTo(3 << 20);
        assertThat(cp.log("INFO")).anyMatch(l -> l.startsWith("registering " + model));
        assertThat(cp.errorMessage()).isEmpty();
    }

    @Test
    void stat_ofDirectory_answersItsSizeInWholeMegabytes() throws Exception {
        Path model = model("llama");

        Oned.Answer stat = oned.run("sharedfs", "stat", data.path(model.toString()));

        assertThat(stat.exit()).as(stat.toString()).isZero();
        assertThat(stat.stdout()).isEqualTo("4\n"); // 3 MiB and a few bytes, rounded up
    }

    @Test
    void monitor_afterCp_countsTheImageAndHonoursLimitMb() throws Exception {
        oned.run("sharedfs", "cp", data.path(model("llama").toString()));

        Oned.Answer monitor = oned.run("sharedfs", "monitor", data.template("LIMIT_MB", "50"));

        assertThat(monitor.exit()).as(monitor.toString()).isZero();
        assertThat(monitor.monitor()).containsOnlyKeys("USED_MB", "TOTAL_MB", "FREE_MB");
        assertThat(monitor.monitor()).containsEntry("USED_MB", 4L).containsEntry("TOTAL_MB", 50L);
        assertThat(monitor.monitor().get("FREE_MB")).isBetween(0L, 46L);
    }

    @Test
    void monitor_ofNewDatastore_answersZeroUsedAndTheFileSystem() throws Exception {
        Oned.Answer monitor = oned.run("sharedfs", "monitor", data);

        assertThat(monitor.exit()).as(monitor.toString()).isZero();
        assertThat(monitor.monitor().get("USED_MB")).isZero();
        assertThat(monitor.monitor().get("TOTAL_MB")).isEqualTo(Files.getFileStore(dir).getTotalSpace() >> 20);
    }

    @Test
    void clone_ofSource_copiesTheTreeIntoANewSource() throws Exception {
        String original = oned.run("sharedfs", "cp", data.path(model("llama").toString())).words().get(0);

        Oned.Answer clone = oned.run("sharedfs", "clone", data.image(8).path(original));

        assertThat(clone.exit()).as(clone.toString()).isZero();
        Path copy = Path.of(clone.words().get(0));
        assertThat(copy).isNotEqualTo(Path.of(original));
        assertThat(copy.getParent()).isEqualTo(base);
        assertThat(clone.words().get(1)).isEqualTo("dir");
        assertThat(Files.readString(copy.resolve("config.json"))).isEqualTo("{\"model_type\":\"gpt2\"}");
    }

    @Test
    void clone_ofUnknownSource_isRefused() throws Exception {
        oned.run("sharedfs", "monitor", data);

        Oned.Answer clone = oned.run("sharedfs", "clone", data.image(8).path(base.resolve("41").toString()));

        assertRefused(clone, "clone: no image of the datastore at " + base + " has SOURCE " + base.resolve("41"));
    }

    @Test
    void rm_ofSource_removesTheImageAndARepeatedRmSucceeds() throws Exception {
        String source = oned.run("sharedfs", "cp", data.path(model("llama").toString())).words().get(0);

        Oned.Answer rm = oned.run("sharedfs", "rm", data.source(source));
        Oned.Answer again = oned.run("sharedfs", "rm", data.source(source));

        assertThat(rm.exit()).as(rm.toString()).isZero();
        assertThat(rm.stdout()).isEmpty();
        assertThat(Path.of(source)).doesNotExist();
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.log("INFO")).contains(source + " is already removed");
        assertThat(oned.run("sharedfs", "monitor", data).monitor().get("USED_MB")).isZero();
    }

    @Test
    void cp_threeAtOnceOnANewDatastore_allSucceedWithTheirOwnSources() throws Exception {
        List<Process> running = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(oned.start("sharedfs", "cp", data.image(20 + i).path(model("m" + i).toString())));
        }
        List<Oned.Answer> answers = new java.util.ArrayList<>();
        for (Process p : running) {
            answers.add(Oned.finish(p));
        }

        assertThat(answers).allSatisfy(a -> assertThat(a.exit()).as(a.toString()).isZero());
        assertThat(answers.stream().map(a -> a.words().get(0)).distinct()).hasSize(3);
        assertThat(oned.run("sharedfs", "monitor", data).monitor()).containsEntry("USED_MB", 10L);
    }

    @Test
    void rm_outsideBasePath_isRefusedAndTouchesNothing() throws Exception {
        Path victim = model("victim");

        Oned.Answer rm = oned.run("sharedfs", "rm", data.source(victim.toString()));

        assertRefused(rm, "SOURCE " + victim + " is outside BASE_PATH " + base + ", so rm refuses to touch it");
        assertThat(victim.resolve("config.json")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {".virtshare", "0/..", "."})
    void rm_ofWhatIsNoImageDirectory_isRefused(String inside) throws Exception {
        oned.run("sharedfs", "monitor", data);
        Path target = base.resolve(inside).normalize();

        Oned.Answer rm = oned.run("sharedfs", "rm", data.source(base.resolve(inside).toString()));

        assertRefused(rm, "SOURCE " + target);
        assertThat(base.resolve(".virtshare/datastore.conf")).exists();
    }

    @Test
    void rm_ofDirectoryInBasePathThatIsNoImage_isRefusedAndKept() throws Exception {
        oned.run("sharedfs", "monitor", data);
        Path stranger = Files.createDirectories(base.resolve("55"));

        Oned.Answer rm = oned.run("sharedfs", "rm", data.source(stranger.toString()));

        assertRefused(rm, stranger + " is in BASE_PATH but is no image of this datastore's catalog");
        assertThat(stranger).isDirectory();
    }

    @Test
    void cp_ofTarball_extractsItIntoTheImage() throws Exception {
        Path model = model("packed");
        Path tarball = safe.resolve("packed.tar.gz");
        Process tar = new ProcessBuilder("tar", "czf", tarball.toString(), "-C", model.toString(), ".").start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Oned.Answer cp = oned.run("sharedfs", "cp", data.path(tarball.toString()));

        assertThat(cp.exit()).as(cp.toString()).isZero();
        assertThat(Path.of(cp.words().get(0)).resolve("tokenizer/vocab.txt")).hasContent("a\nb\nc");
    }

    @Test
    void cp_ofTarZst_extractsItWithZstdsLibraryFromTheUsersCache() throws Exception {
        Path model = model("zstd");
        Path tarball = SharedArchiveTraining.tar(model, safe.resolve("packed.tar.zst"));
        Path cache = dir.resolve("cache");

        Oned.Answer cp = oned.run("sharedfs", "cp", data.path(tarball.toString()),
                Map.of("XDG_CACHE_HOME", cache.toString()));

        assertThat(cp.exit()).as(cp.toString()).isZero();
        assertThat(Path.of(cp.words().get(0)).resolve("tokenizer/vocab.txt")).hasContent("a\nb\nc");
        try (Stream<Path> copies = Files.find(cache.resolve("virtshare"), 2,
                (p, a) -> p.getFileName().toString().equals(NativeLibraryCache.ZSTD_LIBRARY))) {
            assertThat(copies).hasSize(1);
        }
    }

    @Test
    void cp_ofHostileArchive_isRefusedAndLeavesNoImage() throws Exception {
        Path tarball = safe.resolve("evil.tar");
        writeTar(tarball, "../escaped.txt", "gotcha".getBytes(StandardCharsets.UTF_8));

        Oned.Answer cp = oned.run("sharedfs", "cp", data.path(tarball.toString()));

        assertRefused(cp, "../escaped.txt");
        assertThat(base.resolveSibling("escaped.txt")).doesNotExist();
        assertThat(entries(base)).containsExactly(".virtshare");
        assertThat(oned.run("sharedfs", "monitor", data).monitor().get("USED_MB")).isZero();
    }

    @Test
    void cp_ofRestrictedPath_isRefusedNamingSafeDirs() throws Exception {
        Oned.Answer cp = oned.run("sharedfs", "cp", data.path("/etc"));

        assertRefused(cp, "/etc is inside RESTRICTED_DIRS entry /", "add its directory to the datastore's SAFE_DIRS");
        assertThat(entries(base)).containsExactly(".virtshare");
    }

    @Test
    void cp_ofSiblingSharingSafeDirsPrefix_isRefused() throws Exception {
        Path evil = Files.createDirectories(dir.resolve("safeevil"));
        Files.writeString(evil.resolve("secret"), "x");

        Oned.Answer cp = oned.run("sharedfs", "cp", data.path(evil.toString()));

        assertRefused(cp, evil + " is inside RESTRICTED_DIRS entry /");
    }

    @Test
    void cp_withOpenNebulasDefaults_allowsVarTmpButNotVarTmpevil() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/var")),
                "needs to create /var/tmpevil-…: run as root, as CI does");
        Oned.Data defaults = Oned.Data.of(7, 100, "sharedfs", base);
        String unique = "virtshare-one-" + java.util.UUID.randomUUID();
        Path allowed = Files.createDirectories(Path.of("/var/tmp", unique));
        Path evil = Path.of("/var/tmpevil-" + unique);
        try {
            Files.writeString(allowed.resolve("config.json"), "{}");
            Files.createDirectories(evil);
            Files.writeString(evil.resolve("secret"), "x");

            Oned.Answer ok = oned.run("sharedfs", "cp", defaults.path(allowed.toString()));
            Oned.Answer refused = oned.run("sharedfs", "cp", defaults.image(8).path(evil.toString()));

            assertThat(ok.exit()).as(ok.toString()).isZero();
            assertRefused(refused, evil + " is inside RESTRICTED_DIRS entry / and inside no SAFE_DIRS entry"
                    + " [/var/tmp]");
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(allowed);
            org.apache.commons.io.file.PathUtils.deleteDirectory(evil);
        }
    }

    @Test
    void cp_ofSymbolicLinkOutOfSafeDirs_isRefusedNamingTheRealPath() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "x");
        Path link = Files.createSymbolicLink(safe.resolve("link"), outside);

        Oned.Answer cp = oned.run("sharedfs", "cp", data.path(link.toString()));

        assertRefused(cp, link + " (really " + outside.toRealPath() + ") is inside RESTRICTED_DIRS entry /");
    }

    @Test
    void cp_ofOpenNebulasOwnDirectories_isRefusedEvenWhenRestrictedDirsIsEmpty() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/oneadmin"));
        Files.writeString(home.resolve("one_auth"), "oneadmin:secret");
        data.template("SAFE_DIRS", "/nonexistent").template("RESTRICTED_DIRS", "/nonexistent");

        Oned.Answer cp = oned.run("sharedfs", "cp", data.path(home.toString()), java.util.Map.of("HOME",
                home.toString()));

        assertRefused(cp, home + " is inside RESTRICTED_DIRS entry " + home);
    }

    @Test
    void cp_ofUnknownScheme_isRefusedNamingWhatIsSupported() throws Exception {
        Oned.Answer cp = oned.run("sharedfs", "cp", data.path("s3://bucket/model"));

        assertRefused(cp, "s3:// sources are not supported", "hf://");
    }

    @Test
    void stat_ofUnknownScheme_isRefusedNamingWhatIsSupported() throws Exception {
        Oned.Answer stat = oned.run("sharedfs", "stat", data.path("https://example.org/model.tar"));

        assertRefused(stat, "https:// sources are not supported by this datastore (sharedfs");
    }

    @Test
    void stat_ofRestrictedPath_isRefused() throws Exception {
        Oned.Answer stat = oned.run("sharedfs", "stat", data.path("/etc"));

        assertRefused(stat, "/etc is inside RESTRICTED_DIRS entry /");
    }

    @Test
    void cp_overLimitMb_isRefusedAndLeavesNoImage() throws Exception {
        Oned.Answer cp = oned.run("sharedfs", "cp", data.template("LIMIT_MB", "2").path(model("big").toString()));

        assertRefused(cp, "LIMIT_MB = 2");
        assertThat(entries(base)).containsExactly(".virtshare");
        assertThat(oned.run("sharedfs", "monitor", data).monitor()).containsEntry("USED_MB", 0L)
                .containsEntry("TOTAL_MB", 2L);
    }

    @Test
    void anyAction_withWhitespaceInBasePath_isRefusedBeforeCreatingAnything() throws Exception {
        Path spaced = dir.resolve("data stores/100");

        Oned.Answer cp = oned.run("sharedfs", "cp", data.basePath(spaced.toString()).path(model("m").toString()));

        assertRefused(cp, "BASE_PATH '" + spaced + "' contains whitespace", "oned splits the answer of cp");
        assertThat(dir.resolve("data stores")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mkfs", "export", "snap_delete", "snap_revert", "snap_flatten", "restore",
            "increment_flatten", "ls", "backup", "backup_cancel"})
    void otherActions_areNotSupported(String action) throws Exception {
        Oned.Answer answer = oned.run("sharedfs", action, data.path(safe.toString()));

        assertRefused(answer, action + " is not supported by this datastore (sharedfs)",
                "sharedfs supports cp, clone, rm, stat, monitor");
    }

    @Test
    void cp_withDataAsFirstArgument_asOlderOnedSendsIt_works() throws Exception {
        Path model = model("old");

        Oned.Answer cp = oned.runRaw("sharedfs", "cp", "", data.path(model.toString()).base64(), "7");

        assertThat(cp.exit()).as(cp.toString()).isZero();
        assertThat(cp.words().get(1)).isEqualTo("dir");
    }

    @Test
    void anyAction_withMalformedBase64_isRefused() throws Exception {
        assertRefused(oned.runRaw("sharedfs", "monitor", "not base64 at all!", "7"),
                "DS_DRIVER_ACTION_DATA is not valid base64");
    }

    @Test
    void anyAction_withNoData_isRefused() throws Exception {
        assertRefused(oned.runRaw("sharedfs", "monitor", "", "7"), "no DS_DRIVER_ACTION_DATA was given");
    }

    @Test
    void anyAction_withMalformedXml_isRefused() throws Exception {
        String xml = java.util.Base64.getEncoder().encodeToString("<DS_DRIVER_ACTION_DATA><IMAGE>"
                .getBytes(StandardCharsets.UTF_8));

        assertRefused(oned.runRaw("sharedfs", "monitor", xml, "7"), "DS_DRIVER_ACTION_DATA");
    }

    @Test
    void anyAction_withDoctypeAndEntities_isRefusedWithoutReadingThem() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<DS_DRIVER_ACTION_DATA><IMAGE><PATH>&x;</PATH></IMAGE><DATASTORE><BASE_PATH>" + base
                + "</BASE_PATH></DATASTORE></DS_DRIVER_ACTION_DATA>";

        Oned.Answer answer = oned.runRaw("sharedfs", "stat", java.util.Base64.getEncoder()
                .encodeToString(xxe.getBytes(StandardCharsets.UTF_8)), "7");

        assertRefused(answer, "DS_DRIVER_ACTION_DATA");
        assertThat(answer.stderr()).doesNotContain("root:");
    }

    @Test
    void anyAction_withOtherRootElement_isRefused() throws Exception {
        String xml = java.util.Base64.getEncoder().encodeToString("<VM><ID>1</ID></VM>"
                .getBytes(StandardCharsets.UTF_8));

        assertRefused(oned.runRaw("sharedfs", "monitor", xml, "7"),
                "must have the root element <DS_DRIVER_ACTION_DATA>, not <VM>");
    }
}
