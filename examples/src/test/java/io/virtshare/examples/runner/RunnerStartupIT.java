package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.internal.files.Digests;
import io.virtshare.internal.nativeio.CryptoDigest;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runner's start-up as a user runs it, in child JVMs, judged by what they load (never by
 * time): the class-data sharing archive the build leaves beside the jar, the launcher that uses
 * it only with the JDK that made it, and the classes a command does not need left unloaded.
 */
class RunnerStartupIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path JAR = TARGET.resolve("virtshare-examples.jar");
    private static final Path LAUNCHER = TARGET.resolve(SharedArchiveTraining.LAUNCHER);
    private static final Path ARCHIVE = TARGET.resolve(SharedArchiveTraining.ARCHIVE);
    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path dir;

    /** Links made to files outside {@link #dir}, removed after each test. */
    private final List<Path> links = new ArrayList<>();

    private void link(Path link, Path target) throws IOException {
        links.add(Files.createSymbolicLink(link, target));
    }

    @AfterEach
    void removeLinks() throws IOException {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }

    record Run(int exit, String stdout, String stderr, List<String> classes, List<String> compilations) {
        /** The lines of the class-loading log naming {@code prefix}. */
        List<String> loaded(String prefix) {
            return classes.stream().filter(l -> l.contains(" " + prefix)).toList();
        }

        /** The tiers the JIT compiled methods at ({@link JitLog}). */
        List<Integer> tiers() {
            return JitLog.tiers(compilations);
        }
    }

    /**
     * Runs {@code command} with the class-loading and the JIT's logs written to files (so stdout
     * stays the runner's), with the variables of {@code env} set (an empty value unsets one).
     */
    private Run run(Map<String, String> env, List<String> command) throws Exception {
        Path log = Files.createTempFile(dir, "classes", ".log");
        Path jit = Files.createTempFile(dir, "jit", ".log");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log
                + " " + JitLog.option(jit));
        env.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("runner finishes").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), Files.readAllLines(log, StandardCharsets.UTF_8),
                Files.readAllLines(jit, StandardCharsets.UTF_8));
    }

    private Run jar(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(JAVA_HOME, "bin", "java").toString(), "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        return run(Map.of(), command);
    }

    private Run launcher(String javaHome, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(Map.of("JAVA_HOME", javaHome), command);
    }

    /**
     * Asserts that {@code list} listed the one image and that the runner's main class came from
     * the launcher's archive, {@code as} naming the case.
     */
    private static void assertListedOneImageFromTheArchive(Run list, String as) throws IOException {
        assertThat(list.exit()).as(as + ": " + list.stderr()).isZero();
        assertThat(JSON.readTree(list.stdout())).hasSize(1);
        assertThat(list.loaded("io.virtshare.examples.runner.ExamplesRunner ")).as(as)
                .singleElement().asString().contains("source: shared objects file");
    }

    /** A datastore with one image of one file; returns its directory. */
    private String datastoreWithOneImage() throws Exception {
        Path image = Files.createDirectories(dir.resolve("src").resolve("one"));
        Files.writeString(image.resolve("weights.bin"), "one file\n");
        Path ds = dir.resolve("ds");
        Run imported = jar("import", "--datastore", ds.toString(), "--safe-dirs", dir.resolve("src").toString(),
                image.toString());
        assertThat(imported.exit()).as(imported.stderr()).isZero();
        assertThat(imported.loaded("com.fasterxml.jackson.")).as("an import of a directory starts no JSON library")
                .isEmpty();
        return ds.toString();
    }

    @Test
    void build_leavesTheArchiveItsStampAndTheLauncherBesideTheJar() throws IOException {
        assertThat(ARCHIVE).isRegularFile();
        assertThat(Files.size(ARCHIVE)).isPositive();
        List<String> stamp = Files.readAllLines(TARGET.resolve(SharedArchiveTraining.STAMP));
        assertThat(stamp.get(0)).as("the stamp names the JDK that made the archive: the one running this build")
                .isEqualTo(Path.of(JAVA_HOME).toRealPath().toString());
        String kind = Runtime.version().feature() >= 25 ? "aot" : "jsa";
        assertThat(stamp.get(2)).as("the kind of the commands' own archives: AOT caches from JDK 25 on").isEqualTo(kind);
        assertThat(LAUNCHER).isExecutable();
        for (String command : SharedArchiveTraining.OWN_ARCHIVES) {
            Path own = TARGET.resolve(SharedArchiveTraining.archiveOf(command, kind));
            assertThat(own).as(command + "'s own archive").isRegularFile();
            assertThat(TARGET.resolve(SharedArchiveTraining.archiveOf(command, kind.equals("aot") ? "jsa" : "aot")))
                    .as(command + "'s archive of the other kind, from a build with another JDK, is gone").doesNotExist();
            if (kind.equals("jsa")) {
                assertThat(Files.size(own)).as(command + "'s archive holds fewer classes than the general one")
                        .isPositive().isLessThan(Files.size(ARCHIVE));
            } else {
                assertThat(Files.size(own)).as(command + "'s AOT cache holds the JDK's classes too").isPositive();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "list --datastore DS",
        "stat --datastore DS",
        "stat --datastore DS 0",
        "clone --datastore DS 0",
        "delete --datastore DS 0",
        "domain-xml --datastore DS 0",
        "import --datastore DS --safe-dirs SRC SRC/one",
        "--help",
    })
    void launcher_eachDatastoreCommand_loadsTheRunnersClassesFromItsArchive_noneFromTheJar(String line)
            throws Exception {
        String ds = datastoreWithOneImage();
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        for (String word : line.split(" ")) {
            command.add(word.replace("DS", ds).replace("SRC", dir.resolve("src").toString()));
        }

        Run run = run(Map.of("JAVA_HOME", JAVA_HOME), command);

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.classes()).as("the runner's and the SDK's classes from the archive")
                .filteredOn(l -> l.contains(" io.virtshare.") && l.contains("source: shared objects file"))
                .hasSizeGreaterThan(10);
        assertThat(run.classes()).as("the runner's, the SDK's and its libraries' classes read from the jar")
                .filteredOn(l -> l.contains("source: file:")).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "list --datastore DS             | virtshare-examples-list.jsa",
        "stat --datastore DS 0           | virtshare-examples-stat.jsa",
        "clone --datastore DS 0          | virtshare-examples-clone.jsa",
        "delete --datastore DS 0         | virtshare-examples-delete.jsa",
        "domain-xml --datastore DS 0     | virtshare-examples-domain-xml.jsa",
        "import --datastore DS /srv/m    | virtshare-examples-import.jsa",
        "import --datastore DS hf://o/m  | virtshare-examples-import-hf.jsa",
        "--help                          | virtshare-examples-help.jsa",
        "help                            | virtshare-examples-help.jsa",
        "''                              | virtshare-examples-help.jsa",
        "doctor                          | virtshare-examples.jsa",
        "quickstart                      | virtshare-examples.jsa",
        "one-datastore sharedfs stat     | virtshare-examples.jsa",
    })
    void launcher_withTheJdkThatMadeTheArchives_givesEachCommandItsOwn_andTheOthersTheGeneralOne(String line,
            String archive) throws Exception {
        Path jdk = recordingJdk();
        Path made = madeBy(jdk, "17\n");
        Path copy = made.resolve(SharedArchiveTraining.LAUNCHER);

        List<String> options = record(copy, jdk, line);
        assertThat(options).as("the archive for '%s'", line).contains("-XX:SharedArchiveFile=" + made.resolve(archive))
                .noneMatch(option -> option.startsWith("-XX:AOTCache"));

        Files.delete(made.resolve(archive));
        List<String> without = record(copy, jdk, line);
        assertThat(without).as("without its own archive: the general one, else none")
                .doesNotContain("-XX:SharedArchiveFile=" + made.resolve(archive));
        if (!archive.equals(SharedArchiveTraining.ARCHIVE)) {
            assertThat(without).contains("-XX:SharedArchiveFile=" + made.resolve(SharedArchiveTraining.ARCHIVE));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "list --datastore DS             | virtshare-examples-list.aot",
        "stat --datastore DS 0           | virtshare-examples-stat.aot",
        "import --datastore DS /srv/m    | virtshare-examples-import.aot",
        "import --datastore DS hf://o/m  | virtshare-examples-import-hf.aot",
        "--help                          | virtshare-examples-help.aot",
        "doctor                          | virtshare-examples.jsa",
    })
    void launcher_withAotCachesOfTheJdkThatMadeThem_givesEachCommandItsCache_andTheOthersTheGeneralArchive(String line,
            String archive) throws Exception {
        Path jdk = recordingJdk();
        Path made = madeBy(jdk, "25\naot\n");
        Path copy = made.resolve(SharedArchiveTraining.LAUNCHER);

        List<String> options = record(copy, jdk, line);

        if (archive.endsWith(".aot")) {
            assertThat(options).as("the cache for '%s'", line).contains("-XX:AOTCache=" + made.resolve(archive))
                    .contains("-Xlog:aot=off").noneMatch(option -> option.startsWith("-XX:SharedArchiveFile")
                            || option.startsWith("-Xshare"));
            Files.delete(made.resolve(archive));
            assertThat(record(copy, jdk, line)).as("without its cache: the general archive, never a .jsa of another build")
                    .contains("-XX:SharedArchiveFile=" + made.resolve(SharedArchiveTraining.ARCHIVE))
                    .noneMatch(option -> option.startsWith("-XX:AOTCache"));
        } else {
            assertThat(options).contains("-XX:SharedArchiveFile=" + made.resolve(archive))
                    .noneMatch(option -> option.startsWith("-XX:AOTCache"));
        }
    }

    /**
     * A directory as a build with {@code jdk} leaves it: a copy of the launcher, the stamp naming
     * {@code jdk} followed by {@code rest} (its version and the kind of its own archives), and
     * empty archives of both kinds for every command, the kind the stamp does not name as an
     * earlier build with another JDK would have left them.
     */
    private Path madeBy(Path jdk, String rest) throws IOException {
        Path made = Files.createDirectories(dir.resolve("made"));
        Files.copy(LAUNCHER, made.resolve(SharedArchiveTraining.LAUNCHER));
        Files.writeString(made.resolve(SharedArchiveTraining.STAMP), jdk + "\n" + rest);
        Files.writeString(made.resolve(SharedArchiveTraining.ARCHIVE), "");
        for (String command : SharedArchiveTraining.OWN_ARCHIVES) {
            Files.writeString(made.resolve(SharedArchiveTraining.archiveOf(command, "jsa")), "");
            Files.writeString(made.resolve(SharedArchiveTraining.archiveOf(command, "aot")), "");
        }
        return made;
    }

    /** A JDK whose {@code java} writes the arguments it was given to {@link #recorded()}, one per line; its home. */
    private Path recordingJdk() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("recording-jdk").resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + recorded() + "'\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.getParent();
    }

    private Path recorded() {
        return dir.resolve("options.txt");
    }

    /** Runs {@code launcher} on {@code line} with the {@link #recordingJdk()} at {@code javaHome}; the arguments it gave java. */
    private List<String> record(Path launcher, Path javaHome, String line) throws Exception {
        return record(launcher, javaHome, line, Map.of());
    }

    /** As {@link #record(Path, Path, String)}, with {@code env} added to the launcher's environment. */
    private List<String> record(Path launcher, Path javaHome, String line, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        if (!line.isEmpty()) {
            command.addAll(Arrays.asList(line.split(" ")));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().putAll(env);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Files.readAllLines(recorded(), StandardCharsets.UTF_8);
    }

    @Test
    void build_storesTheJarsClassesUncompressed_andDeflatesTheRest() throws IOException {
        int classes = 0;
        int deflated = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class")) {
                    classes++;
                    assertThat(entry.getMethod()).as("%s is stored, so that java -jar reads it without inflating",
                            entry.getName()).isEqualTo(ZipEntry.STORED);
                } else if (entry.getMethod() == ZipEntry.DEFLATED) {
                    deflated++;
                }
            }
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(ExamplesRunner.class.getName());
        }
        assertThat(classes).as("classes in the runner jar").isGreaterThan(1_000);
        assertThat(deflated).as("native libraries and other resources stay deflated").isPositive();
    }

    @Test
    void launcher_withTheJdkThatMadeTheArchive_loadsTheRunnersClassesFromIt() throws Exception {
        String ds = datastoreWithOneImage();

        Run list = launcher(JAVA_HOME, "list", "--datastore", ds);

        assertThat(list.exit()).as(list.stderr()).isZero();
        JsonNode images = JSON.readTree(list.stdout());
        assertThat(images).hasSize(1);
        assertThat(images.get(0).path("files").asLong()).isEqualTo(1);
        assertThat(list.loaded("io.virtshare.examples.runner.ExamplesRunner "))
                .singleElement().asString().contains("source: shared objects file");
        assertThat(list.loaded("io.virtshare.internal.catalog.CatalogStore "))
                .singleElement().asString().contains("source: shared objects file");
        assertThat(list.stderr()).doesNotContainIgnoringCase("warning").doesNotContain("[cds").doesNotContain("[aot");
    }

    @Test
    void launcher_withJavaOnlyOnThePath_startsNoOtherCommand_andUsesTheArchive() throws Exception {
        String ds = datastoreWithOneImage();
        Path bin = Files.createDirectories(dir.resolve("only-java"));
        link(bin.resolve("java"), Path.of(JAVA_HOME, "bin", "java"));

        // no dirname, readlink, head or any other command to be found: the launcher must not need one
        Run list = run(Map.of("JAVA_HOME", "", "PATH", bin.toString()), List.of(LAUNCHER.toString(), "list",
                "--datastore", ds));

        assertListedOneImageFromTheArchive(list, "java found on the PATH through a link is the JDK that made the archive");
        assertThat(list.stderr()).doesNotContain("not found").doesNotContainIgnoringCase("warning");
    }

    @Test
    void launcher_runThroughLinksInOtherDirectories_findsTheJarAndTheArchiveBesideItself() throws Exception {
        String ds = datastoreWithOneImage();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tools = Files.createDirectories(dir.resolve("tools"));
        link(tools.resolve("virtshare"), LAUNCHER);
        Files.createSymbolicLink(bin.resolve("vs"), Path.of("..", "tools", "virtshare"));   // relative, to a link

        for (String launcher : List.of(bin.resolve("vs").toString(), "bin/vs")) {
            Run list = run(Map.of("JAVA_HOME", JAVA_HOME), List.of(launcher, "list", "--datastore", ds));

            assertListedOneImageFromTheArchive(list, launcher);
        }
    }

    @Test
    void launcher_withAnotherJdk_runsWithoutTheArchiveAndWithoutWarnings() throws Exception {
        Optional<Path> other = otherJdk();
        assumeTrue(other.isPresent(), "no second JDK under /usr/lib/jvm (CI has 17 and 25)");
        String ds = datastoreWithOneImage();

        Run list = launcher(other.get().toString(), "list", "--datastore", ds);

        assertThat(list.exit()).as(list.stderr()).isZero();
        assertThat(JSON.readTree(list.stdout())).hasSize(1);
        assertThat(list.loaded("io.virtshare.examples.runner.ExamplesRunner "))
                .singleElement().asString().doesNotContain("shared objects file");
        assertThat(list.loaded("java.lang.Object ")).as("the JDK's own archive still serves it")
                .singleElement().asString().contains("shared objects file");
        assertThat(list.stderr()).doesNotContainIgnoringCase("warning").doesNotContain("[cds").doesNotContain("[aot");
    }

    @Test
    void list_loadsNoJnaLibvirtOrJackson() throws Exception {
        String ds = datastoreWithOneImage();

        Run list = jar("list", "--datastore", ds);

        assertThat(list.exit()).as(list.stderr()).isZero();
        assertThat(list.loaded("com.sun.jna.")).isEmpty();
        assertThat(list.loaded("org.libvirt.")).isEmpty();
        assertThat(list.loaded("com.fasterxml.jackson.")).as("catalog and answer without a JSON library").isEmpty();
        assertThat(list.loaded("java.util.logging.LogManager ")).as("no logger looked up before logging").isEmpty();
    }

    @Test
    void delete_loadsNoJna_syncingTheCatalogThroughTheJdk() throws Exception {
        String ds = datastoreWithOneImage();
        Run clone = jar("clone", "--datastore", ds, "0");
        assertThat(clone.exit()).as(clone.stderr()).isZero();

        Run delete = jar("delete", "--datastore", ds, "1");

        assertThat(delete.exit()).as(delete.stderr()).isZero();
        assertThat(JSON.readTree(delete.stdout()).path("deleted").asInt()).isEqualTo(1);
        assertThat(Files.exists(Path.of(ds, "1"))).isFalse();
        assertThat(delete.loaded("com.sun.jna.")).isEmpty();
        assertThat(delete.loaded("com.fasterxml.jackson.")).isEmpty();
        assertThat(clone.loaded("com.fasterxml.jackson.")).as("a clone writes its catalog entry without Jackson")
                .isEmpty();
    }

    @Test
    void hfImport_readsTheHubAndWritesItsContentRecordWithoutAJsonLibrary() throws Exception {
        try (FakeHub hub = FakeHub.start()) {
            hub.add(FakeRepo.dataset("acme", "tiny").file("config.json", "{\"a\": 1}\n")
                    .lfsFile("weights.bin", new byte[] {1, 2, 3}).build());
            Path ds = dir.resolve("hf-ds");

            Run imported = run(Map.of("HF_ENDPOINT", hub.endpoint().toString()),
                    List.of(Path.of(JAVA_HOME, "bin", "java").toString(), "-jar", JAR.toString(), "import",
                            "--datastore", ds.toString(), "hf://datasets/acme/tiny"));

            assertThat(imported.exit()).as(imported.stderr()).isZero();
            assertThat(JSON.readTree(imported.stdout()).path("state").asText()).isEqualTo("READY");
            assertThat(ds.resolve(".virtshare/contents/0.json")).isRegularFile();
            assertThat(imported.loaded("com.fasterxml.jackson.")).as("the Hub's answers, the content record and the"
                    + " runner's answer are read and written without a JSON library").isEmpty();
        }
    }

    /**
     * An {@code hf://} import through the launcher maps its own archive: the classes of its
     * HTTP, hashing and claims come from it, none from the jar.
     */
    @Test
    void launcher_hfImport_loadsItsClassesFromItsOwnArchive_noneFromTheJar() throws Exception {
        try (FakeHub hub = FakeHub.start()) {
            hub.add(FakeRepo.model("acme", "small").generatedFiles("config-", 20, 300, 3)
                    .generatedLfsFile("weights.safetensors", 2L << 20, 5).build());
            Path ds = dir.resolve("hf-launched");

            Run imported = run(Map.of("JAVA_HOME", JAVA_HOME, "HF_ENDPOINT", hub.endpoint().toString()),
                    List.of(LAUNCHER.toString(), "import", "--datastore", ds.toString(), "hf://acme/small"));

            assertThat(imported.exit()).as(imported.stderr()).isZero();
            assertThat(JSON.readTree(imported.stdout()).path("files").asInt()).isEqualTo(21);
            assertThat(imported.loaded("io.virtshare.internal.hf.HubConnections ")).as("the Hub client's connections")
                    .singleElement().asString().contains("source: shared objects file");
            assertThat(imported.classes()).as("the runner's, the SDK's and its libraries' classes read from the jar")
                    .filteredOn(l -> l.contains("source: file:")).isEmpty();
        }
    }

    @Test
    void help_loadsNoDatastoreOrObjectMapper() throws Exception {
        Run help = jar("--help");

        assertThat(help.exit()).isZero();
        assertThat(help.stdout()).startsWith("usage: java -jar virtshare-examples.jar");
        assertThat(help.loaded("io.virtshare.datastore.Datastore ")).isEmpty();
        assertThat(help.loaded("com.fasterxml.jackson.databind.ObjectMapper ")).isEmpty();
        assertThat(help.loaded("com.sun.jna.")).isEmpty();
    }

    @Test
    void clone_startsNoProcess_jnaIsToldWhereTheLibrariesAre() throws Exception {
        String ds = datastoreWithOneImage();

        Run clone = jar("clone", "--datastore", ds, "0");

        assertThat(clone.exit()).as(clone.stderr()).isZero();
        assertThat(JSON.readTree(clone.stdout()).path("state").asText()).isEqualTo("READY");
        assertThat(clone.loaded("com.sun.jna.Native ")).as("the clone uses the C library through JNA").hasSize(1);
        assertThat(clone.loaded("com.sun.jna.Structure$FFIType ")).as("few calls: no direct mapping registered")
                .isEmpty();
        assertThat(clone.loaded("com.sun.jna.SecurityManagerExposer ")).as("left out of the runner jar").isEmpty();
        assertThat(clone.loaded("java.lang.SecurityManager$$Lambda")).as("JNA's start initialises no SecurityManager")
                .isEmpty();
        // a started process reads its output through a ProcessPipeInputStream; JNA's ldconfig -p was one
        assertThat(clone.loaded("java.lang.ProcessBuilder ")).as("no ldconfig -p started by JNA").isEmpty();
        assertThat(clone.loaded("java.lang.ProcessImpl$ProcessPipeInputStream ")).as("no process started").isEmpty();
        assertThat(clone.loaded("java.util.concurrent.LinkedBlockingQueue ")).as("one file: no copy or sync pool")
                .isEmpty();
        assertThat(clone.loaded("java.util.concurrent.ScheduledThreadPoolExecutor ")).as("a heartbeat of its own")
                .isEmpty();
    }

    @Test
    void stat_afterTheFirstCommand_loadsJnasLibraryFromTheCacheWithoutSecureRandom() throws Exception {
        String ds = datastoreWithOneImage();
        Path cache = dir.resolve("cache");
        List<String> stat = List.of(Path.of(JAVA_HOME, "bin", "java").toString(), "-jar", JAR.toString(), "stat",
                "--datastore", ds, "0");
        Run first = run(Map.of("XDG_CACHE_HOME", cache.toString()), stat);

        Run second = run(Map.of("XDG_CACHE_HOME", cache.toString()), stat);

        assertThat(first.exit()).as(first.stderr()).isZero();
        assertThat(second.exit()).as(second.stderr()).isZero();
        assertThat(second.stdout()).isEqualTo(first.stdout());
        try (Stream<Path> copies = Files.find(cache.resolve("virtshare"), 2,
                (p, a) -> p.getFileName().toString().equals(NativeLibraryCache.JNA_LIBRARY))) {
            assertThat(copies).hasSize(1);
        }
        assertThat(second.loaded("com.sun.jna.Native ")).as("stat measures the image natively").hasSize(1);
        assertThat(second.loaded("java.security.SecureRandom ")).as("no temporary copy named").isEmpty();
        assertThat(second.loaded("sun.security.provider.Sun ")).as("no security providers set up").isEmpty();
        assertThat(second.loaded("com.fasterxml.jackson.")).isEmpty();
        assertThat(second.loaded("java.util.concurrent.ForkJoinPool ")).as("a flat image measured on the main thread")
                .isEmpty();
    }

    @Test
    void manyFiles_theLauncherFindsWhatOnlyManyFilesLoadInTheCommandsOwnArchives() throws Exception {
        Path tree = SharedArchiveTraining.smallFiles(dir.resolve("src").resolve("many"), 400);
        String ds = dir.resolve("ds").toString();
        String src = dir.resolve("src").toString();
        for (String archive : List.of("many.tar", "many.tar.zst")) {
            Path packed = SharedArchiveTraining.tar(tree, dir.resolve("src").resolve(archive));
            Run imported = launcher(JAVA_HOME, "import", "--datastore", ds, "--safe-dirs", src, packed.toString());
            assertThat(imported.exit()).as(imported.stderr()).isZero();
            assertFromTheArchive(imported, archive, "io.virtshare.internal.nativeio.LibC$Direct ",
                    "com.sun.jna.Structure$FFIType ", "io.virtshare.internal.files.TreeUsage$Walkers ");
        }
        Run stat = launcher(JAVA_HOME, "stat", "--datastore", ds, "0");
        assertThat(JSON.readTree(stat.stdout()).get("files").asLong()).isEqualTo(400);
        assertFromTheArchive(stat, "stat", "io.virtshare.internal.files.TreeUsage$Walkers ");
        Run clone = launcher(JAVA_HOME, "clone", "--datastore", ds, "0");
        assertThat(clone.exit()).as(clone.stderr()).isZero();
        assertFromTheArchive(clone, "clone", "io.virtshare.internal.nativeio.LibC$Direct ",
                "java.util.concurrent.LinkedBlockingQueue ");
    }

    /** Asserts that {@code run} loaded each of {@code classes} from the launcher's archive. */
    private static void assertFromTheArchive(Run run, String as, String... classes) {
        for (String name : classes) {
            assertThat(run.loaded(name)).as(as + ": " + name).singleElement().asString()
                    .contains("source: shared objects file");
        }
    }

    /** A {@code .tar.zst} of one file, {@code weights.bin} saying "packed with zstd". */
    private Path packedTarZst() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("src").resolve("packed"));
        Files.writeString(tree.resolve("weights.bin"), "packed with zstd\n");
        return SharedArchiveTraining.tar(tree, dir.resolve("src").resolve("packed.tar.zst"));
    }

    /** {@code java -jar} import of {@code archive} into {@code ds}, with {@code cache} as the cache directory. */
    private Run importWithTheJar(Path ds, Path archive, Path cache) throws Exception {
        return run(Map.of("XDG_CACHE_HOME", cache.toString()), List.of(Path.of(JAVA_HOME, "bin", "java").toString(),
                "-jar", JAR.toString(), "import", "--datastore", ds.toString(), "--safe-dirs",
                archive.getParent().toString(), archive.toString()));
    }

    @Test
    void importOfATarZst_afterTheFirst_loadsZstdsLibraryFromTheCache() throws Exception {
        Path archive = packedTarZst();
        Path cache = dir.resolve("cache");

        Run firstRun = importWithTheJar(dir.resolve("ds"), archive, cache);
        Run secondRun = importWithTheJar(dir.resolve("ds2"), archive, cache);

        assertThat(firstRun.exit()).as(firstRun.stderr()).isZero();
        assertThat(secondRun.exit()).as(secondRun.stderr()).isZero();
        assertThat(dir.resolve("ds2").resolve("0").resolve("weights.bin")).hasContent("packed with zstd");
        try (Stream<Path> copies = Files.find(cache.resolve("virtshare"), 2,
                (p, a) -> p.getFileName().toString().equals(NativeLibraryCache.ZSTD_LIBRARY))) {
            assertThat(copies).hasSize(1);
        }
        assertThat(secondRun.loaded("com.github.luben.zstd.ZstdInputStreamNoFinalizer ")).as("decompressed with zstd")
                .hasSize(1);
        assertThat(secondRun.loaded("java.io.File$TempDirectory ")).as("no temporary copy named").isEmpty();
        assertThat(secondRun.loaded("java.security.SecureRandom ")).as("no temporary copy named").isEmpty();
    }

    @Test
    void importOfATarZst_withACacheWhereNothingMayRun_importsWithZstdsOwnCopy() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("noexec-cache"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "noexec,mode=0700,size=16m", "tmpfs",
                cache.toString()).redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        if (Boolean.getBoolean("virtshare.it.required")) {
            assertThat(mounted).as("mounting a noexec tmpfs (CI runs as root): " + said).isTrue();
        }
        assumeTrue(mounted, "needs root to mount a noexec tmpfs (" + said.strip() + ")");
        try {
            Run imported = importWithTheJar(dir.resolve("ds"), packedTarZst(), cache);

            assertThat(imported.exit()).as(imported.stderr()).isZero();
            assertThat(dir.resolve("ds").resolve("0").resolve("weights.bin")).hasContent("packed with zstd");
        } finally {
            new ProcessBuilder("umount", cache.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}: client compiler only {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                                    | true",
        "--help                                                | true",
        "help                                                  | true",
        "list --datastore DS                                   | true",
        "stat --datastore DS                                   | true",
        "stat --datastore DS 0                                 | true",
        "clone --datastore DS 0 --name copy                    | true",
        "delete --datastore DS 0                               | true",
        "domain-xml --datastore DS 0 --tag models              | true",
        "import --datastore DS --safe-dirs /srv /srv/model     | true",
        "import --datastore DS /srv/model.tar                  | true",
        "import --datastore DS /srv/model.tar.gz               | true",
        "import --datastore DS /srv/model.tar.zst              | true",
        "import --datastore DS /srv/model.zip                  | true",
        "import --datastore DS hf://datasets/org/data          | with libcrypto",
        "import --datastore DS --name m hf://org/model@main    | with libcrypto",
        "import --datastore DS /srv/model.tar.xz               | false",
        "import --datastore DS /srv/model.txz                  | false",
        "import --datastore DS /srv/model.tar.bz2              | false",
        "import --datastore DS /srv/model.tbz2                 | false",
        "quickstart                                            | false",
        "doctor                                                | false",
        "guest-proof --protocol virtiofs                       | false",
        "volume upload --uri test:///default --pool p --volume v f | false",
        "one-datastore sharedfs stat                           | false",
    })
    void launcher_runsTheCommandsWhoseJavaWorkIsShortWithTheClientCompilerOnly(String line, String clientOnly)
            throws Exception {
        // hf:// hashes what it downloads: as fast under C1 with libcrypto, several times slower with the JDK's
        boolean expected = clientOnly.equals("with libcrypto") ? CryptoDigest.available()
                : Boolean.parseBoolean(clientOnly);
        String command = line.split(" ")[0];
        boolean datastoreCommand = List.of("", "--help", "help", "list", "stat", "clone", "delete", "domain-xml",
                "import").contains(command);
        assertJvmOptions(line, Map.of(), expected, datastoreCommand);
    }

    @Test
    void launcher_hfImportWithTheJdksDigestsChosen_keepsTheFullJit() throws Exception {
        assertJvmOptions("import --datastore DS hf://datasets/org/data",
                Map.of("JDK_JAVA_OPTIONS", "-D" + Digests.PROPERTY + "=jdk"), false, true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "JDK_JAVA_OPTIONS  | -XX:+UseG1GC",
        "JDK_JAVA_OPTIONS  | -Xmx2g -XX:+UseParallelGC",
        "JAVA_TOOL_OPTIONS | -XX:MaxNewSize=64m",
        "JDK_JAVA_OPTIONS  | -Xmn64m",
    })
    void launcher_leavesTheCollectorToAUserWhoChoseOne(String variable, String options) throws Exception {
        assertJvmOptions("stat --datastore DS 0", Map.of(variable, options), true, false);
    }

    @Test
    void launcher_withTheUsersCollector_runsTheCommand() throws Exception {
        String ds = datastoreWithOneImage();

        Run launched = run(Map.of("JDK_JAVA_OPTIONS", "-XX:+UseParallelGC", "JAVA_HOME", JAVA_HOME),
                List.of(LAUNCHER.toString(), "stat", "--datastore", ds, "0"));

        assertThat(launched.exit()).as("two collectors would stop the JVM: %s", launched.stderr()).isZero();
        assertThat(JSON.readTree(launched.stdout()).path("apparentBytes").asLong()).isPositive();
    }

    private void assertJvmOptions(String line, Map<String, String> env, boolean clientOnly, boolean serialCollector)
            throws Exception {
        List<String> args = line.isEmpty() ? List.of() : Arrays.asList(line.split(" "));

        List<String> options = record(LAUNCHER, recordingJdk(), line, env);

        assertThat(options).as("the command is handed to the jar unchanged, after the JVM's options")
                .endsWith(args.toArray(String[]::new));
        int jar = options.size() - args.size() - 1;
        assertThat(jar).isPositive();
        assertThat(options.get(jar - 1)).isEqualTo("-jar");
        assertThat(Path.of(options.get(jar))).as("the runner jar beside the launcher").isAbsolute()
                .satisfies(path -> assertThat(Files.isSameFile(path, JAR)).isTrue());
        List<String> jvmOptions = options.subList(0, jar - 1);
        List<String> expected = new ArrayList<>();
        if (clientOnly) {
            expected.add("-XX:TieredStopAtLevel=1");
        }
        if (serialCollector) {
            expected.addAll(List.of("-XX:+UseSerialGC", "-Xmn8m"));
            String users = env.getOrDefault("JDK_JAVA_OPTIONS", "") + " " + env.getOrDefault("JAVA_TOOL_OPTIONS", "");
            if (TransparentHugePages.onRequest() && !users.contains("HugePages") && !users.contains("LargePages")) {
                expected.add("-XX:+UseTransparentHugePages");
            }
        }
        assertThat(jvmOptions).as("the client compiler only: %s, the serial collector: %s", clientOnly,
                serialCollector).containsExactlyElementsOf(expected);
    }

    @Test
    void launcher_stat_compilesWithTheClientCompilerOnly_whereJavaJarUsesTheTiers() throws Exception {
        String ds = datastoreWithOneImage();

        Run launched = launcher(JAVA_HOME, "stat", "--datastore", ds, "0");
        Run plain = jar("stat", "--datastore", ds, "0");

        assertThat(launched.exit()).as(launched.stderr()).isZero();
        assertThat(launched.stdout()).isEqualTo(plain.stdout());
        assertThat(launched.loaded("io.virtshare.examples.runner.ExamplesRunner "))
                .singleElement().asString().contains("source: shared objects file");
        assertThat(launched.tiers()).as("methods compiled").isNotEmpty().allMatch(tier -> tier <= 1);
        assertThat(plain.tiers()).as("a plain java -jar profiles in C1 (tier 3) for C2").contains(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "JDK_JAVA_OPTIONS  | -XX:-UseTransparentHugePages",
        "JAVA_TOOL_OPTIONS | -XX:+UseLargePages",
    })
    void launcher_leavesHugePagesToAUserWhoChose(String variable, String options) throws Exception {
        assertJvmOptions("stat --datastore DS 0", Map.of(variable, options), true, true);
    }

    /** A JDK under /usr/lib/jvm other than the one running this test. */
    private static Optional<Path> otherJdk() throws IOException {
        Path self = Path.of(JAVA_HOME).toRealPath();
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")))
                    .map(h -> {
                        try {
                            return h.toRealPath();
                        } catch (IOException e) {
                            return h;
                        }
                    })
                    .filter(h -> !h.equals(self)).sorted().findFirst();
        }
    }
}
