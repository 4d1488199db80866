package io.virtshare.examples.runner;

import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/**
 * What the build runs with {@code -XX:ArchiveClassesAtExit} to make the runner's class-data
 * sharing archives beside the jar: the datastore commands as a user runs them, on a one-file
 * image in a scratch directory, so that the classes they load are the ones archived (parsed,
 * verified and laid out once, at build time). The own archives of {@code import},
 * {@code stat} and {@code clone} are also trained on a tree of {@value #MANY_FILES} small files
 * in subdirectories (imported as a directory and as a {@code .tar}, {@code .tar.gz} and
 * {@code .tar.zst}, then measured and cloned): the classes only many files load (the direct
 * native calls after the first few hundred, the background flushes, the parallel walk, the
 * copier's threads, zstd) were otherwise read from the jar by every such command, and an AOT
 * cache keeps the profiles of that work.
 * <ul>
 *   <li>{@code virtshare-examples-COMMAND.jsa}, one per command of {@link #OWN_ARCHIVES} — the
 *       command alone in a JVM of its own, started as {@code main} starts it, with the
 *       datastore commands only. A JVM relocates the archive it maps as it starts (to a random
 *       address, the default since JDK 20 and in current JDK 17 updates), which touches every
 *       page of it: the archive of every command (8 MB) cost a {@code stat} 15–20 ms more than
 *       one of its own (2 MB).</li>
 *   <li>{@code virtshare-examples.jsa} for every other command: all of these commands in this
 *       JVM, every command of the runner built — import of a directory, a {@code .tar} and a
 *       {@code .tar.gz}, list, stat, clone, domain-xml, delete and the usage text.</li>
 * </ul>
 *
 * <p>Built with JDK 25 or later ({@link #KIND} {@code aot}), the commands' own archives are AOT
 * caches ({@code virtshare-examples-COMMAND.aot}, made with {@code -XX:AOTCacheOutput}, JEP 483
 * and 514) instead: besides the classes read, parsed and verified, they hold the classes linked
 * and their lambdas and string concatenations resolved, which a dynamic archive leaves to every
 * start. Each is trained with the options the launcher gives the command, so that the cache
 * fits the JVM that maps it. The general archive stays a dynamic one.
 *
 * <p>A JAR manifest cannot give the JVM an option, so the archives are used through the
 * launcher script this also writes beside the jar, {@code virtshare-examples}: it runs the
 * jar with {@code -XX:SharedArchiveFile} naming the command's archive (else the general one)
 * when the {@code java} it runs is the JDK that made them (named in
 * {@code virtshare-examples.jsa.stamp}), and without it otherwise — an archive is specific to
 * one JDK build, and a newer JVM given another JDK's archive drops its own default archive
 * too. A plain {@code java -jar virtshare-examples.jar} runs without it.
 *
 * <p>The launcher also runs the commands whose Java work is short ({@code list}, {@code stat},
 * {@code clone}, {@code delete}, {@code domain-xml}, {@code --help}, and {@code import} of a
 * directory or a {@code .tar}, {@code .tar.gz}, {@code .tar.zst} or {@code .zip}) with the client
 * compiler only ({@code -XX:TieredStopAtLevel=1}): in a JVM that lives a second, the optimising
 * compiler's work competes with the command's on the CPU and is mostly never used. An
 * {@code hf://} import runs so too where OpenSSL's {@code libcrypto} is installed (its hashing
 * is as fast under any compiler); without it the JDK's hashing would be several times slower
 * (the SHA-256 intrinsic is the optimising compiler's) and the import keeps the full JIT, as do
 * a {@code .xz} or {@code .bz2} archive (decompressed in Java) and every other command.
 *
 * <p>The datastore commands (every {@code import} included) run with the serial collector and a
 * young generation of 8 MiB ({@code -XX:+UseSerialGC -Xmn8m}): their live data is small, and
 * the JVM's default young generation grows to hundreds of MiB that a command touches once, each
 * new page a fault. Not when {@code JDK_JAVA_OPTIONS} or {@code JAVA_TOOL_OPTIONS} choose a
 * collector or young generation (two collectors would stop the JVM), nor for the other commands
 * ({@code xml} builds large trees, where the parallel default collects faster). Where the kernel
 * gives transparent huge pages on request ({@code [madvise]} in
 * {@code /sys/kernel/mm/transparent_hugepage/enabled}) those commands also get
 * {@code -XX:+UseTransparentHugePages}: a fault per 2 MiB of heap, not per 4 KiB (a 20,000-file
 * {@code .tar} import 1.10 → 0.93 s, {@code stat} 181 → 164 ms), unless the user's options
 * name huge or large pages.
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=target/virtshare-examples.jsa -cp target/virtshare-examples.jar \
 *      io.virtshare.examples.runner.SharedArchiveTraining target/cds-training target
 * examples/target/virtshare-examples list --datastore /var/lib/ds
 * </pre>
 */
final class SharedArchiveTraining {
    /** The general archive's file name, beside the jar. */
    static final String ARCHIVE = "virtshare-examples.jsa";
    /**
     * The stamp's file name: its first line is the {@code java.home} of the JDK that made the
     * archives, its second that JDK's version, its third the kind of the commands' own archives
     * ({@link #KIND}).
     */
    static final String STAMP = ARCHIVE + ".stamp";
    /**
     * The kind, and file extension, of the commands' own archives this JDK makes: {@code aot}
     * (an AOT cache) from JDK 25 on, where {@code -XX:AOTCacheOutput} makes one in one run, else
     * {@code jsa} (a dynamic class-data sharing archive).
     */
    static final String KIND = Runtime.version().feature() >= 25 ? "aot" : "jsa";
    /** The launcher script's file name. */
    static final String LAUNCHER = "virtshare-examples";
    /**
     * The archive of an {@code import} of {@code hf://}: its classes (HTTP, hashing, claims)
     * kept apart from the other imports' archive, which they would make larger (a
     * directory's import 7 ms slower with them) and which holds none of theirs.
     */
    static final String IMPORT_HF = "import-hf";
    /** The commands with an archive of their own ({@link #archiveOf}); {@code help} is the usage text. */
    static final List<String> OWN_ARCHIVES = List.of("import", IMPORT_HF, "list", "stat", "clone", "delete", "domain-xml",
            "help");
    /** The launcher's JIT option for the commands whose Java work is short. */
    private static final String CLIENT_COMPILER = "-XX:TieredStopAtLevel=1";
    /** The launcher's collector options for the datastore commands. */
    private static final List<String> SMALL_HEAP = List.of("-XX:+UseSerialGC", "-Xmn8m");
    /**
     * The options the launcher gives every command of {@link #OWN_ARCHIVES} (an {@code hf://}
     * import where {@code libcrypto} is installed), which their AOT caches are made with.
     */
    static final List<String> LAUNCHER_OPTIONS = Stream.concat(Stream.of(CLIENT_COMPILER), SMALL_HEAP.stream()).toList();
    /**
     * The repository {@link #IMPORT_HF}'s training downloads from the fake Hub the build
     * starts: small files, as a model's configuration and tokenizer files are, and one from the
     * CDN.
     */
    private static final String TRAINING_REPO = "virtshare/training";
    /** The small files of the tree the own archives of import, stat and clone are also trained on (class comment). */
    static final int MANY_FILES = 2_100;
    /** The argument that makes {@link #main} train one command of {@link #OWN_ARCHIVES}. */
    private static final String ONE = "--command";
    /** How long one command's training JVM may take. */
    private static final long TRAINING_SECONDS = 300;
    /** The new image's id in the answer of {@code clone}. */
    private static final Pattern CLONED_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private static final String SCRIPT = """
            #!/bin/sh
            # Runs virtshare-examples.jar, beside this script, with a class-data sharing archive the
            # build made for it when the java run is the JDK that made it (the first line of
            # virtshare-examples.jsa.stamp); without it otherwise. The datastore commands have an
            # archive each (virtshare-examples-COMMAND.jsa: a JVM relocates all of the archive it
            # maps as it starts; from a build with JDK 25 on, an AOT cache, .aot, as the stamp's
            # third line says), an import of hf:// its own (virtshare-examples-import-hf.*), the
            # others share virtshare-examples.jsa.
            # The client compiler only (-XX:TieredStopAtLevel=1) for the commands whose Java work
            # is short (lists, measuring, catalog entries, copies the kernel makes): a short-lived
            # JVM's optimising compiler competes with the command for the CPU. An hf:// import
            # hashes what it downloads: with OpenSSL's libcrypto (as fast under any compiler) it
            # runs so too, without it (the JDK's hashing is the optimising compiler's) it keeps the
            # full JIT. A .xz or .bz2 archive is decompressed in Java and keeps the full JIT, as do
            # the commands not named here.
            libcrypto() {
              case ${JDK_JAVA_OPTIONS-} in *virtshare.digests=jdk*) return 1 ;; esac
              for lib in /usr/lib/*-linux-gnu/libcrypto.so.3 /lib/*-linux-gnu/libcrypto.so.3 \
                  /usr/lib64/libcrypto.so.3 /lib64/libcrypto.so.3 /usr/lib/libcrypto.so.3 \
                  /usr/lib/*-linux-gnu/libcrypto.so.1.1 /lib/*-linux-gnu/libcrypto.so.1.1 \
                  /usr/lib64/libcrypto.so.1.1 /lib64/libcrypto.so.1.1 /usr/lib/libcrypto.so.1.1; do
                [ -e "$lib" ] && return 0
              done
              return 1
            }
            # The datastore commands also get the serial collector and a young generation of 8 MiB,
            # reused from the first collection on: with the JVM's defaults (G1, a young generation
            # that grows to hundreds of MiB) an import of 20,000 small files touched about 340 MiB of
            # new heap, a page fault per page. Commands that build large trees in memory (xml) keep
            # the defaults, as does any command whose user chose a collector or young generation.
            jit=@CLIENT_COMPILER@
            gc='@SMALL_HEAP@'
            own=
            case ${1-} in
              list|stat|clone|delete|domain-xml) own=$1 ;;
              --help|-h|help|'') own=help ;;
              import) own=import
                      for arg in "$@"; do
                        case $arg in
                          hf://*) own=import-hf
                                  libcrypto || jit= ;;
                          *.xz|*.txz|*.bz2|*.tbz|*.tbz2) jit= ;;
                        esac
                      done ;;
              *) jit= gc= ;;
            esac
            case "${JDK_JAVA_OPTIONS-} ${JAVA_TOOL_OPTIONS-}" in *GC*|*-Xmn*|*NewSize*) gc= ;; esac
            # With them, the heap in transparent huge pages where the kernel gives those on request
            # (madvise): a page fault per 2 MiB of new heap instead of per 4 KiB. Not where the user
            # chose about huge pages, nor where the kernel has them always (there already) or never.
            thp=
            if [ -n "$gc" ]; then
              mode=
              read -r mode 2>/dev/null </sys/kernel/mm/transparent_hugepage/enabled
              case $mode in *'[madvise]'*) thp=-XX:+UseTransparentHugePages ;; esac
              case "${JDK_JAVA_OPTIONS-} ${JAVA_TOOL_OPTIONS-}" in *HugePages*|*LargePages*) thp= ;; esac
            fi
            # The shell's own work from here on: the script starts no command before java (only a
            # readlink per link when it is run through one), as each would add milliseconds to every run.
            self=$0 links=0
            while [ -L "$self" ] && [ "$links" -lt 40 ]; do
              link=$(readlink -- "$self") || break
              case $link in
                /*) self=$link ;;
                *) case $self in */*) self=${self%/*}/$link ;; *) self=$link ;; esac ;;
              esac
              links=$((links + 1))
            done
            case $self in */*) here=${self%/*} ;; *) here=. ;; esac
            case $here in /*) ;; *) here=$PWD/$here ;; esac
            java=${JAVA_HOME:+$JAVA_HOME/bin/}java
            made= version= kind=
            if [ -r "$here/virtshare-examples.jsa.stamp" ]; then
              { read -r made; read -r version; read -r kind; } <"$here/virtshare-examples.jsa.stamp"
            fi
            [ "$kind" = aot ] || kind=jsa
            archive=virtshare-examples.jsa
            [ -n "$own" ] && [ -r "$here/virtshare-examples-$own.$kind" ] && archive=virtshare-examples-$own.$kind
            # the same file as the stamped JDK's java, links followed (test -ef)
            if [ -r "$here/$archive" ] && [ -n "$made" ] \\
                && [ "$(command -v -- "$java")" -ef "$made/bin/java" ]; then
              case $archive in
                *.aot) exec "$java" -XX:AOTCache="$here/$archive" -Xlog:aot=off -Xlog:cds=off \\
                         $jit $gc $thp -jar "$here/virtshare-examples.jar" "$@" ;;
              esac
              exec "$java" -XX:SharedArchiveFile="$here/$archive" -Xshare:auto \\
                -Xlog:cds=off -Xlog:cds+dynamic=off $jit $gc $thp -jar "$here/virtshare-examples.jar" "$@"
            fi
            exec "$java" $jit $gc $thp -jar "$here/virtshare-examples.jar" "$@"
            """;

    private SharedArchiveTraining() {
    }

    /** The file name of {@code command}'s own archive, beside the jar, of the {@link #KIND} this JDK makes. */
    static String archiveOf(String command) {
        return archiveOf(command, KIND);
    }

    /** The file name of {@code command}'s own archive of {@code kind} ({@code aot} or {@code jsa}). */
    static String archiveOf(String command, String kind) {
        return "virtshare-examples-" + command + "." + kind;
    }

    /**
     * {@code args[0]}: a scratch directory (emptied first, removed after); {@code args[1]}: the
     * directory of the jar, where the archives, the stamp and the launcher go. Exits non-zero
     * naming the command that failed. With {@code --command COMMAND SCRATCH} (what this starts
     * once per command of {@link #OWN_ARCHIVES}): that command's lines on the scratch datastore.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 3 && args[0].equals(ONE)) {
            trainOne(args[1], Path.of(args[2]));
            return;
        }
        LibrarySearchPath.setIfAbsent();   // as ExamplesRunner.main does first
        Path dir = Path.of(args[0]).toAbsolutePath();
        Path target = Path.of(args[1]).toAbsolutePath();
        TreeDeleter.delete(dir);
        Path src = Files.createDirectories(dir.resolve("src"));
        Path image = Files.createDirectories(src.resolve("image"));
        Files.writeString(image.resolve("weights.bin"), "training\n", StandardCharsets.UTF_8);
        tar(image, src.resolve("image.tar"));
        tar(image, src.resolve("image.tar.gz"));
        Path many = smallFiles(src.resolve("many"), MANY_FILES);
        for (String archive : List.of("many.tar", "many.tar.gz", "many.tar.zst")) {
            tar(many, src.resolve(archive));
        }
        String ds = dir.resolve("ds").toString();
        List<List<String>> lines = new ArrayList<>();
        for (String command : List.of("import", "help", "list", "stat", "clone", "domain-xml")) {
            lines.addAll(lines(command, dir));   // images 0-2 imported, 3 cloned
        }
        lines.add(List.of("delete", "--datastore", ds, "3"));
        lines.add(List.of("delete", "--datastore", ds, "2"));
        for (List<String> line : lines) {
            run(ExamplesRunner.standard(), line);
        }
        try (FakeHub hub = FakeHub.start()) {
            hub.add(trainingRepo());
            for (String command : OWN_ARCHIVES) {
                train(command, dir, target, hub.endpoint());
            }
        }
        TreeDeleter.delete(dir);
        Files.writeString(target.resolve(STAMP), Path.of(System.getProperty("java.home")).toRealPath() + "\n"
                + System.getProperty("java.vm.version") + "\n" + KIND + "\n", StandardCharsets.UTF_8);
        Path launcher = Files.writeString(target.resolve(LAUNCHER), SCRIPT.replace("@CLIENT_COMPILER@",
                CLIENT_COMPILER).replace("@SMALL_HEAP@", String.join(" ", SMALL_HEAP)), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * The command lines that train {@code command}'s archive on the scratch datastore of
     * {@code dir}, whose image 0 is a one-file image; {@code delete} deletes the image the last
     * clone made.
     */
    private static List<List<String>> lines(String command, Path dir) throws IOException {
        String ds = dir.resolve("ds").toString();
        Path src = dir.resolve("src");
        return switch (command) {
            case "import" -> List.of(
                    List.of("import", "--datastore", ds, "--safe-dirs", src.toString(), src.resolve("image").toString()),
                    List.of("import", "--datastore", ds, src.resolve("image.tar").toString()),
                    List.of("import", "--datastore", ds, src.resolve("image.tar.gz").toString()));
            case IMPORT_HF -> List.of(   // into a new datastore, then again into it (what it has is reused)
                    List.of("import", "--datastore", dir.resolve("hf-ds").toString(), "hf://" + TRAINING_REPO),
                    List.of("import", "--datastore", dir.resolve("hf-ds").toString(), "hf://" + TRAINING_REPO));
            case "list" -> List.of(List.of("list", "--datastore", ds));
            case "stat" -> List.of(List.of("stat", "--datastore", ds), List.of("stat", "--datastore", ds, "0"));
            case "clone" -> List.of(List.of("clone", "--datastore", ds, "0"));
            case "delete" -> List.of(List.of("delete", "--datastore", ds, Files.readString(dir.resolve("cloned")).strip()));
            case "domain-xml" -> List.of(List.of("domain-xml", "--datastore", ds, "0"));
            case "help" -> List.of(List.of("--help"));
            default -> throw new IllegalArgumentException("no training for '" + command + "'");
        };
    }

    /**
     * The lines that also train {@code command}'s own archive (not the general one) on the tree
     * of {@link #MANY_FILES} files, in a datastore of their own (the ids of the other lines'
     * images stay as they are): its imports as a directory and as each archive of it (images
     * 0-3), the measuring of one, a clone of one.
     */
    private static List<List<String>> manyFileLines(String command, Path dir) {
        String ds = dir.resolve("many-ds").toString();
        Path src = dir.resolve("src");
        return switch (command) {
            case "import" -> Stream.concat(
                    Stream.of(List.of("import", "--datastore", ds, "--safe-dirs", src.toString(),
                            src.resolve("many").toString())),
                    Stream.of("many.tar", "many.tar.gz", "many.tar.zst")
                            .map(archive -> List.of("import", "--datastore", ds, src.resolve(archive).toString())))
                    .toList();
            case "stat" -> List.of(List.of("stat", "--datastore", ds, "0"));
            case "clone" -> List.of(List.of("clone", "--datastore", ds, "0"));
            default -> List.of();
        };
    }

    /**
     * Makes {@code command}'s archive in {@code target}: a JVM of its own runs its lines
     * ({@link #trainOne}) under {@code -XX:ArchiveClassesAtExit} (an AOT cache: under
     * {@code -XX:AOTCacheOutput}, with the options the launcher gives the command), with a cache
     * directory in the scratch directory (JNA's library, {@link NativeLibraryCache}). An archive
     * of the other kind, which an earlier build with another JDK left, is removed first. Exits as
     * {@link #main} does when it fails, leaving no archive of it.
     */
    private static void train(String command, Path dir, Path target, URI hub) throws IOException,
            InterruptedException {
        Path archive = target.resolve(archiveOf(command));
        for (String kind : List.of("jsa", "aot")) {
            Files.deleteIfExists(target.resolve(archiveOf(command, kind)));
        }
        Path output = dir.resolve(command + ".out");
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (KIND.equals("aot")) {
            line.addAll(List.of("-XX:AOTCacheOutput=" + archive, "-Xlog:aot=off", "-Xlog:cds=off"));
            line.addAll(LAUNCHER_OPTIONS);
        } else {
            line.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        line.addAll(List.of("-cp", System.getProperty("java.class.path"), SharedArchiveTraining.class.getName(), ONE,
                command, dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        // an hf:// import from the Hub the build started, never from one the build's environment names
        builder.environment().put("HF_ENDPOINT", hub.toString());
        builder.environment().remove("HF_TOKEN");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        process.getOutputStream().close();
        boolean done = process.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly().waitFor();
        }
        if (!done || process.exitValue() != 0) {
            Files.deleteIfExists(archive);
            System.err.println("class-data sharing training of '" + command + "' "
                    + (done ? "exited " + process.exitValue() : "took over " + TRAINING_SECONDS + " s") + ": "
                    + Files.readString(output, StandardCharsets.UTF_8));
            System.exit(done ? Math.max(1, process.exitValue()) : 1);
        }
    }

    /**
     * {@link #TRAINING_REPO}: 40 small files in a directory (an image with a subdirectory is
     * measured on the parallel walk) and a file of 2 MiB that the fake Hub serves from its CDN.
     */
    private static FakeRepo trainingRepo() {
        int slash = TRAINING_REPO.indexOf('/');
        return FakeRepo.model(TRAINING_REPO.substring(0, slash), TRAINING_REPO.substring(slash + 1))
                .generatedFiles("config/part-", 40, 512, 7)
                .generatedLfsFile("weights.safetensors", 2L << 20, 11).build();
    }

    /**
     * One command's training, in the JVM that writes its archive: started as
     * {@link ExamplesRunner#main} starts, its lines run with the datastore commands only, as
     * {@code main} runs a datastore command. A {@code clone} writes the id of its image to
     * {@code dir/cloned}, for {@code delete}'s line.
     */
    private static void trainOne(String command, Path dir) throws IOException {
        LibrarySearchPath.setIfAbsent();
        NativeLibraryCache.useForJnaIfAbsent();
        for (List<String> line : lines(command, dir)) {
            String out = run(ExamplesRunner.forCommand(line), line);
            if (command.equals("clone")) {
                Matcher id = CLONED_ID.matcher(out);
                if (!id.find()) {
                    System.err.println("class-data sharing training: no image id in the answer of clone: " + out);
                    System.exit(1);
                }
                Files.writeString(dir.resolve("cloned"), id.group(1), StandardCharsets.UTF_8);
            }
        }
        for (List<String> line : manyFileLines(command, dir)) {
            run(ExamplesRunner.forCommand(line), line);
        }
    }

    /** Runs {@code line} with {@code runner}; its standard output, or exits naming the line when it fails. */
    private static String run(ExamplesRunner runner, List<String> line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int exit = runner.run(line, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(messages, true, StandardCharsets.UTF_8));
        if (exit != ExamplesRunner.OK) {
            System.err.println("class-data sharing training: '" + String.join(" ", line) + "' exited " + exit + ": "
                    + messages.toString(StandardCharsets.UTF_8));
            System.exit(exit);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A new tree of {@code count} files of 2 KiB, a hundred to a directory ({@code d0/f0.bin} ...),
     * for what only many files load: the trainings' and their tests'.
     */
    static Path smallFiles(Path tree, int count) throws IOException {
        byte[] small = new byte[2048];
        for (int i = 0; i < count; i++) {
            Path sub = Files.createDirectories(tree.resolve("d" + i / 100));
            small[i % small.length] = (byte) i;
            Files.write(sub.resolve("f" + i + ".bin"), small);
        }
        return tree;
    }

    /**
     * The files and directories of {@code tree} packed into {@code archive}, compressed as its
     * name ends: {@code .tar.gz} with gzip, {@code .tar.zst} with zstd, else not.
     */
    static Path tar(Path tree, Path archive) throws IOException {
        String name = archive.getFileName().toString();
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(tree)) {
            entries = walk.filter(p -> !p.equals(tree)).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(archive);
                OutputStream compressed = name.endsWith(".gz") ? new GzipCompressorOutputStream(file)
                        : name.endsWith(".zst") ? new ZstdCompressorOutputStream(file) : file;
                TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            for (Path entry : entries) {
                tar.putArchiveEntry(new TarArchiveEntry(entry, tree.relativize(entry).toString()));
                if (Files.isRegularFile(entry)) {
                    Files.copy(entry, tar);
                }
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }
}
