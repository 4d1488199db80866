package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver script's class-data sharing archive (docs/opennebula.md, "Start-up"), as oned
 * runs the actions ({@link Oned}) with a cache directory of the test's own: made once by a
 * separate training JVM, then mapped by every action; made again when it no longer matches;
 * left alone where others could write it; never a reason for an action to fail or answer
 * differently. Judged by what the JVMs load and write, never by time.
 */
class OneDriverSharedArchiveIT {
    @RegisterExtension
    static final Oned oned = Oned.perClass();
    /** The kind of archive the driver makes with the JDK running the tests: an AOT cache from JDK 25 on. */
    private static final String KIND = Runtime.version().feature() >= 25 ? "aot" : "jsa";

    @TempDir
    Path dir;
    Path cache;
    Oned.Data stat;

    @BeforeEach
    void datastore() throws Exception {
        cache = dir.resolve("cache");
        Path safe = Files.createDirectories(dir.resolve("safe"));
        Path model = Files.createDirectories(safe.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{\"model_type\":\"gpt2\"}");
        Files.write(model.resolve("weights.bin"), new byte[3 << 20]);
        stat = Oned.Data.of(7, 100, "sharedfs", dir.resolve("datastores/100")).template("SAFE_DIRS", safe.toString())
                .path(model.toString());
    }

    private Map<String, String> sharing(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("VIRTSHARE_ONE_CDS", "on", "XDG_CACHE_HOME", cache.toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private Path cdsDir() {
        return cache.resolve("virtshare/cds");
    }

    private List<Path> archives() throws Exception {
        if (!Files.isDirectory(cdsDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cdsDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith("." + KIND)).toList();
        }
    }

    /** Runs stat with the class-loading log of the action's JVM written to {@code log}. */
    private Oned.Answer statLogged(Path log, String... env) throws Exception {
        List<String> all = new ArrayList<>(List.of("VIRTSHARE_ONE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log));
        all.addAll(List.of(env));
        return oned.run("sharedfs", "stat", stat, sharing(all.toArray(String[]::new)));
    }

    /**
     * The runner's and the SDK's classes the action's JVM mapped from the driver's archive (the
     * JDK's own archive holds none of them).
     */
    private static long fromArchive(Path log) throws Exception {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" io.virtshare.") && l.contains("source: shared objects file")).count();
        }
    }

    private static long fromJar(Path log) throws Exception {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" io.virtshare.") && l.contains("source: file:")).count();
        }
    }

    @Test
    void firstAction_makesTheArchiveOnce_laterActionsMapTheirClassesFromIt_andAnswerAsWithout() throws Exception {
        Oned.Answer without = oned.run("sharedfs", "stat", stat);

        Oned.Answer first = oned.run("sharedfs", "stat", stat, sharing());

        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.stdout()).isEqualTo(without.stdout());
        assertThat(first.stderr()).isEqualTo(without.stderr());
        assertThat(archives()).hasSize(1);
        Path archive = archives().get(0);
        assertThat(archive.resolveSibling(archive.getFileName() + ".key")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cdsDir()))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(cdsDir())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no training scratch or temporary archive is left").noneMatch(n -> n.contains(".tmp")
                            || n.startsWith("training."));
        }
        FileTime made = Files.getLastModifiedTime(archive);

        Path log = dir.resolve("classes.log");
        Oned.Answer later = statLogged(log);

        assertThat(later.exit()).as(later.toString()).isZero();
        assertThat(later.stdout()).isEqualTo(without.stdout());
        assertThat(fromArchive(log)).as("classes mapped from the archive").isGreaterThan(50);
        assertThat(fromJar(log)).as("the runner's classes read from the jar").isZero();
        assertThat(Files.getLastModifiedTime(archive)).as("made once").isEqualTo(made);
    }

    @Test
    void actionWithItsArchive_startsNoCommandButStatAndReadlinkBeforeJava() throws Exception {
        assertThat(oned.run("sharedfs", "stat", stat, sharing()).exit()).isZero();
        assertThat(archives()).hasSize(1);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String command : List.of("stat", "readlink")) {
            Path found = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, command)).filter(Files::isExecutable)
                    .findFirst().orElseThrow();
            Files.copy(found, bin.resolve(command));   // a copy: a link out of the temporary directory is warned about
        }
        Path java = Files.createDirectories(dir.resolve("java-on-path")).resolve("java");
        Files.createSymbolicLink(java, Path.of(System.getProperty("java.home"), "bin", "java"));

        // JAVA_HOME set: the driver needs stat alone; java from the PATH: readlink too
        for (String[] env : List.of(new String[] {"PATH", bin.toString()},
                new String[] {"PATH", bin + ":" + java.getParent(), "JAVA_HOME", ""})) {
            Path log = dir.resolve("classes-" + env.length + ".log");
            Oned.Answer answer = statLogged(log, env);

            assertThat(answer.exit()).as(answer.toString()).isZero();
            assertThat(answer.stderr()).as("no command missing").doesNotContain("not found");
            assertThat(fromArchive(log)).as("classes mapped from the archive").isGreaterThan(50);
        }
        Files.delete(java);
    }

    @Test
    void archiveCutShort_isMadeAgain_andTheActionSucceeds() throws Exception {
        assertThat(oned.run("sharedfs", "stat", stat, sharing()).exit()).isZero();
        Path archive = archives().get(0);
        long size = Files.size(archive);
        archive.toFile().setWritable(true);
        try (var channel = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size / 2);
        }

        Path log = dir.resolve("classes.log");
        Oned.Answer again = statLogged(log);

        assertThat(again.exit()).as(again.toString()).isZero();
        // made again whole: its size is the one its key records (a training's classes, and so the
        // archive's pages, can differ by one with the timing of its threads)
        String[] key = Files.readString(archive.resolveSibling(archive.getFileName() + ".key")).trim().split(" ");
        assertThat(Files.size(archive)).isGreaterThan(size / 2).isEqualTo(Long.parseLong(key[key.length - 1]));
        assertThat(fromArchive(log)).isGreaterThan(50);
    }

    @Test
    void archiveOfAnotherJar_isMadeAgain() throws Exception {
        assertThat(oned.run("sharedfs", "stat", stat, sharing()).exit()).isZero();
        Path archive = archives().get(0);
        Path key = archive.resolveSibling(archive.getFileName() + ".key");
        Files.writeString(key, Files.readString(key).replace(" ", " 1"));

        Oned.Answer again = oned.run("sharedfs", "stat", stat, sharing());

        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(Files.readString(key)).doesNotContain(" 1/");
        assertThat(archives()).hasSize(1);
    }

    @Test
    void garbageWhereTheArchiveIs_neitherFailsNorChangesTheAnswer() throws Exception {
        Oned.Answer without = oned.run("sharedfs", "stat", stat);
        assertThat(oned.run("sharedfs", "stat", stat, sharing()).exit()).isZero();
        Path archive = archives().get(0);
        long size = Files.size(archive);
        archive.toFile().setWritable(true);
        byte[] garbage = new byte[(int) size];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(archive, garbage);

        Path log = dir.resolve("classes.log");
        Oned.Answer answer = statLogged(log);

        assertThat(answer.exit()).as(answer.toString()).isZero();
        assertThat(answer.stdout()).isEqualTo(without.stdout());
        assertThat(answer.stderr()).isEqualTo(without.stderr());
        assertThat(fromArchive(log)).as("the JVM refused the garbage and read the jar").isZero();
    }

    @Test
    void trainingThatFails_isNotTriedAgainForThatJdkAndJar_andTheActionsSucceed() throws Exception {
        // a cache path that the training cannot put into its own action data (CDATA ends at "]]>")
        cache = dir.resolve("cache]]>x");
        Oned.Answer without = oned.run("sharedfs", "stat", stat);

        Oned.Answer first = oned.run("sharedfs", "stat", stat, sharing());

        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.stdout()).isEqualTo(without.stdout());
        assertThat(archives()).isEmpty();
        Path failed;
        try (Stream<Path> files = Files.list(cdsDir())) {
            failed = files.filter(f -> f.getFileName().toString().endsWith("." + KIND + ".failed")).findFirst()
                    .orElseThrow();
        }
        FileTime marked = Files.getLastModifiedTime(failed);

        Oned.Answer second = oned.run("sharedfs", "stat", stat, sharing());

        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(Files.getLastModifiedTime(failed)).as("no second training").isEqualTo(marked);
        assertThat(archives()).isEmpty();
    }

    @Test
    void cacheOthersCanWrite_isLeftAlone() throws Exception {
        Path shared = Files.createDirectories(cache.resolve("virtshare"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Oned.Answer without = oned.run("sharedfs", "stat", stat);

        Path log = dir.resolve("classes.log");
        Oned.Answer answer = statLogged(log);

        assertThat(answer.exit()).as(answer.toString()).isZero();
        assertThat(answer.stdout()).isEqualTo(without.stdout());
        assertThat(archives()).isEmpty();
        assertThat(fromArchive(log)).isZero();
    }

    @Test
    void cacheThroughALink_isLeftAlone() throws Exception {
        Path real = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(cache, real);

        Oned.Answer answer = oned.run("sharedfs", "stat", stat, sharing());

        assertThat(answer.exit()).as(answer.toString()).isZero();
        assertThat(real.resolve("virtshare/cds")).doesNotExist();
    }

    @Test
    void off_makesNothing() throws Exception {
        Oned.Answer answer = oned.run("sharedfs", "stat", stat, sharing("VIRTSHARE_ONE_CDS", "off"));

        assertThat(answer.exit()).as(answer.toString()).isZero();
        assertThat(cdsDir()).doesNotExist();
    }

    @Test
    void concurrentFirstActions_allSucceed_andOneArchiveIsMade() throws Exception {
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(oned.start("sharedfs", "stat", stat, sharing()));
        }
        for (Process process : running) {
            Oned.Answer answer = Oned.finish(process);
            assertThat(answer.exit()).as(answer.toString()).isZero();
            assertThat(answer.stdout().strip()).matches("\\d+");
        }
        assertThat(archives()).hasSize(1);
    }
}
