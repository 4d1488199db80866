package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.spi.FakeSourceImporter;
import io.virtshare.spi.ImportContext;
import io.virtshare.spi.ImportOutcome;
import io.virtshare.spi.SourceImporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @TempDir
    Path tmp;

    private Path safe;
    private Path base;
    private Datastore ds;

    @BeforeEach
    void datastore() throws IOException {
        safe = Files.createDirectories(tmp.resolve("safe"));
        base = tmp.resolve("ds");
        ds = Datastore.create(base, DatastoreSpec.sharedFs("models").safeDirs(safe.toString())
                .restrictedDirs("/"));
    }

    private Path tree(String name) throws IOException {
        Path dir = Files.createDirectories(safe.resolve(name).resolve("sub"));
        Files.writeString(safe.resolve(name).resolve("config.json"), "{\"a\":1}");
        Files.write(dir.resolve("weights.bin"), new byte[10_000]);
        Files.createSymbolicLink(safe.resolve(name).resolve("latest"), Path.of("sub/weights.bin"));
        Files.createLink(dir.resolve("weights.hard"), dir.resolve("weights.bin"));
        return safe.resolve(name);
    }

    private Path tarGz(String name, String entry, byte[] content) throws IOException {
        return tarGz(name, java.util.Map.of(entry, content));
    }

    /** A .tar.gz in the safe directory with {@code entries} in order (a name ending in / is a directory). */
    private Path tarGz(String name, java.util.Map<String, byte[]> entries) throws IOException {
        Path file = safe.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (java.util.Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(entry.getKey());
                e.setSize(entry.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** Entries whose content is their own name; directories (ending in /) are empty. */
    private static java.util.Map<String, byte[]> named(String... names) {
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        for (String name : names) {
            entries.put(name, name.endsWith("/") ? new byte[0] : name.getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    @Test
    void create_writesTheOpenNebulaTemplate() throws IOException {
        String text = Files.readString(base.resolve(".virtshare/datastore.conf"));

        assertThat(text).contains("DS_MAD", "\"sharedfs\"", "TM_MAD", "\"dummy\"", "DISK_TYPE", "\"SHAREDFS\"",
                "CLONE_TARGET", "LN_TARGET", "ALLOW_ORPHANS", "\"NO\"", "BASE_PATH", base.toString());
        assertThat(Datastore.open(base).spec()).isEqualTo(ds.spec());
        assertThatThrownBy(() -> Datastore.create(base, DatastoreSpec.sharedFs("again")))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("already holds a datastore");
    }

    @Test
    void open_whenNoDatastore_saysHowToCreateOne() {
        assertThatThrownBy(() -> Datastore.open(tmp.resolve("none"))).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("Datastore.create");
    }

    @Test
    void registerDirectory_copiesIntoBasePathAndIsReady() throws IOException {
        Image image = ds.images().register(tree("llama").toString());

        assertThat(image.state()).isEqualTo(ImageState.READY);
        assertThat(image.name()).isEqualTo("llama");
        assertThat(image.path()).isEqualTo(base.resolve(Integer.toString(image.id())));
        assertThat(image.path().resolve("config.json")).hasContent("{\"a\":1}");
        assertThat(Files.readSymbolicLink(image.path().resolve("latest"))).hasToString("sub/weights.bin");
        assertThat(Files.getAttribute(image.path().resolve("sub/weights.hard"), "unix:ino"))
                .isEqualTo(Files.getAttribute(image.path().resolve("sub/weights.bin"), "unix:ino"));
        assertThat(image.files()).isEqualTo(2);
        assertThat(image.apparentBytes()).isEqualTo(7 + 10_000 + "sub/weights.bin".length());
        assertThat(ds.images().list()).containsExactly(image);
        assertThat(ds.images().usage(image).apparentBytes()).isEqualTo(image.apparentBytes());
    }

    @Test
    void registerRestrictedPath_isRefusedAndNothingIsCataloged() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));

        assertThatThrownBy(() -> ds.images().register(outside.toString()))
                .isInstanceOf(PathNotAllowedException.class).hasMessageContaining("SAFE_DIRS");
        assertThat(ds.images().list()).isEmpty();
    }

    @Test
    void registerTarball_extractsIt() throws IOException {
        Path archive = tarGz("data.tar.gz", "dir/hello.txt", "hello".getBytes(StandardCharsets.UTF_8));

        Image image = ds.images().register(archive.toString());

        assertThat(image.name()).isEqualTo("data");
        assertThat(image.path().resolve("dir/hello.txt")).hasContent("hello");
    }

    /** {@code target} as a path relative to the current directory of this JVM. */
    private static Path relative(Path target) {
        return Path.of("").toAbsolutePath().relativize(target.toAbsolutePath());
    }

    @Test
    void registerRelativePath_resolvesAgainstTheCurrentDirectoryAndRecordsTheAbsolutePath() throws IOException {
        Path dir = tree("rel");
        Path archive = tarGz("rel.tar.gz", "rel/hello.txt", "hello".getBytes(StandardCharsets.UTF_8));

        Image fromDir = ds.images().register(relative(dir).toString());
        Image fromArchive = ds.images().register(relative(archive).toString());

        assertThat(relative(dir).isAbsolute()).isFalse();
        assertThat(fromDir.source()).isEqualTo(dir.toString());
        assertThat(fromDir.path().resolve("config.json")).hasContent("{\"a\":1}");
        assertThat(fromArchive.source()).isEqualTo(archive.toString());
        assertThat(fromArchive.path().resolve("rel/hello.txt")).hasContent("hello");
    }

    @Test
    void registerRelativePath_errorsNameTheAbsolutePathAndTheCurrentDirectory() throws IOException {
        Path missing = relative(safe.resolve("sources/tiny-model"));
        Path outside = relative(Files.createDirectories(tmp.resolve("elsewhere")));
        String cwd = Path.of("").toAbsolutePath().toString();

        assertThatThrownBy(() -> ds.images().register(missing.toString()))
                .isInstanceOf(PathNotAllowedException.class)
                .hasMessageStartingWith(safe.resolve("sources/tiny-model") + " ('" + missing
                        + "' resolved against the current directory " + cwd + ") does not exist");
        assertThatThrownBy(() -> ds.images().register(outside.toString()))
                .isInstanceOf(PathNotAllowedException.class)
                .hasMessageStartingWith(tmp.resolve("elsewhere") + " ('" + outside + "' resolved against")
                .hasMessageContaining("SAFE_DIRS");
        assertThat(ds.images().list()).isEmpty();
    }

    @Test
    void relativeDatastorePathsAndDirs_resolveAgainstTheCurrentDirectory() throws IOException {
        Path relativeBase = relative(tmp.resolve("rel-ds"));

        Datastore created = Datastore.create(relativeBase, DatastoreSpec.sharedFs("rel")
                .safeDirs(relative(safe).toString()).restrictedDirs("/"));

        assertThat(created.basePath()).isEqualTo(tmp.resolve("rel-ds"));
        assertThat(created.spec().safeDirs()).containsExactly(safe);
        assertThat(Datastore.open(relativeBase).template().find("SAFE_DIRS")).hasValue(safe.toString());
        assertThat(created.images().register(tree("via-relative-safe-dir").toString()).state())
                .isEqualTo(ImageState.READY);
        assertThatThrownBy(() -> new DatastoreSpec("x", DatastoreKind.SHARED_FS, "dummy", List.of(Path.of("a")),
                List.of(), 0, false, java.util.Map.of()))
                .isInstanceOf(DatastoreException.class)
                .hasMessageContaining("SAFE_DIRS entry 'a' is not an absolute path")
                .hasMessageContaining(Path.of("a").toAbsolutePath().toString());
        assertThatThrownBy(() -> DatastoreSpec.sharedFs("x").safeDirs(" "))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("empty directory");
    }

    @Test
    void registerTarball_keepsItsTopLevelFolder_unlessStripped() throws IOException {
        Path archive = tarGz("tiny-model.tar.gz", named("tiny-model/", "tiny-model/config.json",
                "tiny-model/weights/part-1.bin"));

        Image kept = ds.images().register(archive.toString());
        Image stripped = ds.images().register(archive.toString(), ImportOptions.defaults()
                .withStripTopLevelFolder(true));

        assertThat(kept.path().resolve("tiny-model/config.json")).hasContent("tiny-model/config.json");
        assertThat(stripped.path().resolve("config.json")).hasContent("tiny-model/config.json");
        assertThat(stripped.path().resolve("weights/part-1.bin")).isRegularFile();
        assertThat(stripped.path().resolve("tiny-model")).doesNotExist();
        assertThat(stripped.files()).isEqualTo(2);
    }

    @Test
    void registerTarballWithTwoTopLevelEntries_stripped_isRefusedAndNothingIsKept() throws IOException {
        Path archive = tarGz("two.tar.gz", named("a/x", "b/y"));

        assertThatThrownBy(() -> ds.images().register(archive.toString(), ImportOptions.defaults()
                .withStripTopLevelFolder(true)))
                .isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("more than one entry at its top level ('a' and 'b')")
                .hasMessageContaining("register it without stripping");
        assertThat(ds.images().list()).isEmpty();
        assertThat(base.resolve(".virtshare/staging")).isEmptyDirectory();
    }

    @Test
    void stripTopLevelFolder_ofWhatIsNotAnExtractedArchive_isRefusedBeforeAnythingIsDone() throws IOException {
        ImportOptions strip = ImportOptions.defaults().withStripTopLevelFolder(true);
        Path dir = tree("plain");
        Image image = ds.images().register(dir.toString());

        assertThatThrownBy(() -> ds.images().register(dir.toString(), strip))
                .isInstanceOf(DatastoreException.class)
                .hasMessage("stripping the top-level folder applies to archives that are extracted, and " + dir
                        + " is not an archive file; register it without stripping the top-level folder");
        assertThatThrownBy(() -> ds.images().register("hf://org/model", strip))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("hf:// source");
        assertThatThrownBy(() -> ds.images().clone(image, strip))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("not to cloning image " + image.id());
        Datastore copies = ds.update(ds.spec().toBuilder().noDecompress(true).build());
        Path archive = tarGz("a.tar.gz", "a/x", new byte[1]);
        assertThatThrownBy(() -> copies.images().register(archive.toString(), strip))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("NO_DECOMPRESS = YES");
        assertThat(ds.images().list()).containsExactly(image);
    }

    @Test
    void registerHostileTarball_leavesNoImageAndNoStaging() throws IOException {
        Path archive = tarGz("evil.tgz", "../../escape.txt", "x".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ds.images().register(archive.toString()))
                .isInstanceOf(ArchiveRejectedException.class).hasMessageContaining("climbs out");
        assertThat(ds.images().list()).isEmpty();
        assertThat(base.resolve(".virtshare/staging")).isEmptyDirectory();
        assertThat(tmp.resolve("escape.txt")).doesNotExist();
        try (Stream<Path> top = Files.list(base)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly(".virtshare");
        }
    }

    @Test
    void otherSchemes_areRefusedNamingWhatIsSupported() {
        assertThatThrownBy(() -> ds.images().register("s3://bucket/model"))
                .isInstanceOf(UnsupportedSourceException.class)
                .hasMessageContaining("s3://").hasMessageContaining("hf://").hasMessageContaining(".tar.zst");
        assertThatThrownBy(() -> ds.images().register("hf://org/model"))
                .isInstanceOf(UnsupportedSourceException.class).hasMessageContaining("io.virtshare:sdk-hf");
    }

    @Test
    void importerInTheOptions_winsOverServiceLoader_forUrisOfItsSchemeOnly() throws IOException {
        SourceImporter mine = new SourceImporter() {
            @Override
            public String scheme() {
                return "fake";
            }

            @Override
            public ImportOutcome importInto(String source, Path target, ImportContext context) {
                new FakeSourceImporter().importInto(source, target, context);
                return new ImportOutcome(Optional.of("c0ffee"));
            }
        };
        ImportOptions options = ImportOptions.defaults().withImporter(mine);

        Image image = ds.images().register("fake://ok/thing", options.withName("x").withProgress(p -> { }));

        assertThat(image.commit()).hasValue("c0ffee");
        assertThat(image.path().resolve("README.md")).hasContent("from fake://ok/thing");
        assertThatThrownBy(() -> ds.images().register("hf://org/model", options))
                .isInstanceOf(UnsupportedSourceException.class).hasMessageContaining("io.virtshare:sdk-hf");
    }

    @Test
    void clone_copiesAndLeavesTheSourceReady() throws IOException {
        Image source = ds.images().register(tree("base").toString());

        Image copy = ds.images().clone(source, "base-ft");

        assertThat(copy.id()).isNotEqualTo(source.id());
        assertThat(copy.name()).isEqualTo("base-ft");
        assertThat(copy.path().resolve("config.json")).hasContent("{\"a\":1}");
        assertThat(ds.images().get(source.id()).state()).isEqualTo(ImageState.READY);
        assertThat(copy.apparentBytes()).isEqualTo(source.apparentBytes());
    }

    @Test
    void delete_removesTheTreeAndTheEntry() throws IOException {
        Image image = ds.images().register(tree("gone").toString());

        ds.images().delete(image);

        assertThat(ds.images().find(image.id())).isEmpty();
        assertThat(image.path()).doesNotExist();
        assertThat(safe.resolve("gone/config.json")).exists();
        assertThatThrownBy(() -> ds.images().delete(image)).isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("no image " + image.id());
    }

    @Test
    void delete_ofAnEntryPointingOutsideBasePath_removesOnlyBasePathId() throws IOException {
        Image image = ds.images().register(tree("victim").toString());
        Path entry = base.resolve(".virtshare/images/" + image.id() + ".json");
        Files.writeString(entry, Files.readString(entry).replace(image.path().toString(), safe.toString()));

        ds.images().delete(image);

        assertThat(safe.resolve("victim/config.json")).exists();
        assertThat(image.path()).doesNotExist();
        assertThat(ds.images().list()).isEmpty();
    }

    @Test
    void delete_whileUsed_isRefused() throws IOException {
        Image image = ds.images().register(tree("busy").toString());
        ds.images().markUsed(image);

        assertThatThrownBy(() -> ds.images().delete(image)).isInstanceOf(ImageStateException.class)
                .hasMessageContaining("USED").hasMessageContaining("detach");
        ds.images().markUnused(image);
        ds.images().delete(image);
    }

    @Test
    void names_explicitDuplicateRefused_derivedDuplicateMadeUnique() throws IOException {
        Path src = tree("m");
        Image first = ds.images().register(src.toString());
        Image second = ds.images().register(src.toString());

        assertThat(second.name()).isEqualTo("m-" + second.id());
        assertThatThrownBy(() -> ds.images().register(src.toString(), ImportOptions.defaults().withName("m")))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("choose another name");
        assertThat(first.id()).isLessThan(second.id());
    }

    @Test
    void limitMb_refusesImportsThatDoNotFit() throws IOException {
        Datastore small = ds.update(ds.spec().toBuilder().limitMb(1).build());
        Path big = Files.createDirectories(safe.resolve("big"));
        Files.write(big.resolve("blob"), new byte[2 << 20]);

        assertThatThrownBy(() -> small.images().register(big.toString()))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("LIMIT_MB = 1");
        assertThat(small.images().list()).isEmpty();
        assertThat(small.monitor().totalMb()).isEqualTo(1);
    }

    @Test
    void compressionBomb_stopsAtLimitMb() throws IOException {
        Datastore small = ds.update(ds.spec().toBuilder().limitMb(1).build());
        Path bomb = tarGz("bomb.tar.gz", "zeros", new byte[32 << 20]);

        assertThatThrownBy(() -> small.images().register(bomb.toString()))
                .isInstanceOf(ArchiveRejectedException.class).hasMessageContaining("LIMIT_MB = 1");
        assertThat(small.images().list()).isEmpty();
    }

    @Test
    void monitor_countsImages() throws IOException {
        Path big = Files.createDirectories(safe.resolve("three"));
        Files.write(big.resolve("blob"), new byte[3 << 20]);
        ds.images().register(big.toString());

        DatastoreUsage usage = ds.monitor();

        assertThat(usage.usedMb()).isEqualTo(3);
        assertThat(usage.totalMb()).isGreaterThan(usage.freeMb());
    }

    @Test
    void virtioFs_registersInPlace_refusesClone_deleteKeepsTheDirectory() throws IOException {
        Datastore fs = Datastore.create(tmp.resolve("fsds"), DatastoreSpec.virtioFs("fs").tmMad("local")
                .safeDirs(safe.toString()));
        Path dir = tree("inplace");

        Image image = fs.images().register(dir.toString());

        assertThat(image.path()).isEqualTo(dir.toRealPath());
        assertThatThrownBy(() -> fs.images().clone(image, "x")).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("does not support clone");
        assertThatThrownBy(() -> fs.images().register(tarGz("a.tgz", "f", new byte[1]).toString()))
                .hasMessageContaining("not a directory");
        fs.images().delete(image);
        assertThat(dir.resolve("config.json")).exists();
    }

    @Test
    void virtioFs_tmMadMustMatchTheSystemDatastore() {
        assertThatThrownBy(() -> DatastoreSpec.virtioFs("fs").tmMad("shared").systemTmMad("local").build())
                .isInstanceOf(DatastoreException.class).hasMessageContaining("TM_MAD = \"local\"");
        assertThatThrownBy(() -> DatastoreSpec.virtioFs("fs").build()).hasMessageContaining("system datastore");
    }

    @Test
    void concurrentRegisterCloneDelete_keepIdsUniqueAndCatalogConsistent() throws Exception {
        Path src = tree("shared");
        Image seed = ds.images().register(src.toString());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<Integer> ids = ConcurrentHashMap.newKeySet();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int worker = t;
            work.add(pool.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    Image made = worker % 2 == 0 ? ds.images().register(src.toString())
                            : ds.images().clone(seed, (String) null);
                    assertThat(ids.add(made.id())).as("id " + made.id() + " given twice").isTrue();
                    if (i % 2 == 1) {
                        ds.images().delete(made);
                        ids.remove(made.id());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();

        List<Image> images = Datastore.open(base).images().list();
        assertThat(images).hasSize(1 + ids.size());
        assertThat(images).allMatch(i -> i.state() == ImageState.READY);
        assertThat(images.stream().map(Image::name).distinct().count()).isEqualTo(images.size());
        assertThat(base.resolve(".virtshare/staging")).isEmptyDirectory();
    }
}
