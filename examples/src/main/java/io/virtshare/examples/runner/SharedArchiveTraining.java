package io.virtshare.examples.runner;

import io.virtshare.internal.shared.TreeDeleter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * What the build runs with {@code -XX:ArchiveClassesAtExit} to make the runner's class-data
 * sharing archive, {@code virtshare-examples.jsa} beside the jar: the datastore commands as a
 * user runs them, on a one-file image in a scratch directory — import of a directory, a
 * {@code .tar} and a {@code .tar.gz}, list, stat, clone, domain-xml, delete and the usage
 * text — so that the classes they load are the ones archived (parsed, verified and laid out
 * once, at build time).
 *
 * <p>A JAR manifest cannot give the JVM an option, so the archive is used through the
 * launcher script this also writes beside the jar, {@code virtshare-examples}: it runs the
 * jar with {@code -XX:SharedArchiveFile} when the {@code java} it runs is the JDK that made the
 * archive (named in {@code virtshare-examples.jsa.stamp}), and without it otherwise — an
 * archive is specific to one JDK build, and a newer JVM given another JDK's archive drops its
 * own default archive too. A plain {@code java -jar virtshare-examples.jar} runs without it.
 *
 * <p>The launcher also runs the commands whose Java work is short ({@code list}, {@code stat},
 * {@code clone}, {@code delete}, {@code domain-xml}, {@code --help}, and {@code import} of a
 * directory or a {@code .tar}, {@code .tar.gz}, {@code .tar.zst} or {@code .zip}) with the client
 * compiler only ({@code -XX:TieredStopAtLevel=1}): in a JVM that lives a second, the optimising
 * compiler's work competes with the command's on the CPU and is mostly never used. It would
 * slow hashing several times (the SHA-256 intrinsic is the optimising compiler's), so an
 * {@code hf://} import, a {@code .xz} or {@code .bz2} archive (decompressed in Java) and every
 * other command keep the full JIT.
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=target/virtshare-examples.jsa -cp target/virtshare-examples.jar \
 *      io.virtshare.examples.runner.SharedArchiveTraining target/cds-training
 * examples/target/virtshare-examples list --datastore /var/lib/ds
 * </pre>
 */
final class SharedArchiveTraining {
    /** The archive's file name, beside the jar. */
    static final String ARCHIVE = "virtshare-examples.jsa";
    /** The stamp's file name: its first line is the {@code java.home} of the JDK that made the archive. */
    static final String STAMP = ARCHIVE + ".stamp";
    /** The launcher script's file name. */
    static final String LAUNCHER = "virtshare-examples";

    private static final String SCRIPT = """
            #!/bin/sh
            # Runs virtshare-examples.jar, beside this script, with the class-data sharing archive
            # the build made for it (virtshare-examples.jsa) when the java run is the JDK that made
            # it (the first line of virtshare-examples.jsa.stamp); without it otherwise.
            # The client compiler only (-XX:TieredStopAtLevel=1) for the commands whose Java work
            # is short (lists, measuring, catalog entries, copies the kernel makes): a short-lived
            # JVM's optimising compiler competes with the command for the CPU. An hf:// import and
            # a .xz or .bz2 archive hash or decompress in Java and keep the full JIT, as do the
            # commands not named here.
            jit=-XX:TieredStopAtLevel=1
            case ${1-} in
              list|stat|clone|delete|domain-xml|--help|-h|'') ;;
              import) for arg in "$@"; do
                        case $arg in hf://*|*.xz|*.txz|*.bz2|*.tbz|*.tbz2) jit= ;; esac
                      done ;;
              *) jit= ;;
            esac
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
            made=
            read -r made 2>/dev/null <"$here/virtshare-examples.jsa.stamp"
            # the same file as the stamped JDK's java, links followed (test -ef)
            if [ -r "$here/virtshare-examples.jsa" ] && [ -n "$made" ] \\
                && [ "$(command -v -- "$java")" -ef "$made/bin/java" ]; then
              exec "$java" -XX:SharedArchiveFile="$here/virtshare-examples.jsa" -Xshare:auto \\
                -Xlog:cds=off -Xlog:cds+dynamic=off $jit -jar "$here/virtshare-examples.jar" "$@"
            fi
            exec "$java" $jit -jar "$here/virtshare-examples.jar" "$@"
            """;

    private SharedArchiveTraining() {
    }

    /**
     * {@code args[0]}: a scratch directory (emptied first, removed after); {@code args[1]}: the
     * directory of the jar, where the stamp and the launcher go. Exits non-zero naming the
     * command that failed.
     */
    public static void main(String[] args) throws IOException {
        LibrarySearchPath.setIfAbsent();   // as ExamplesRunner.main does first
        Path dir = Path.of(args[0]).toAbsolutePath();
        TreeDeleter.delete(dir);
        Path src = Files.createDirectories(dir.resolve("src"));
        Path image = Files.createDirectories(src.resolve("image"));
        Files.writeString(image.resolve("weights.bin"), "training\n", StandardCharsets.UTF_8);
        Path tar = tar(image, src.resolve("image.tar"), false);
        Path tgz = tar(image, src.resolve("image.tar.gz"), true);
        String ds = dir.resolve("ds").toString();
        List<List<String>> lines = List.of(
                List.of("--help"),
                List.of("import", "--datastore", ds, "--safe-dirs", src.toString(), image.toString()),
                List.of("import", "--datastore", ds, tar.toString()),
                List.of("import", "--datastore", ds, tgz.toString()),
                List.of("list", "--datastore", ds),
                List.of("stat", "--datastore", ds),
                List.of("stat", "--datastore", ds, "0"),
                List.of("clone", "--datastore", ds, "0"),
                List.of("domain-xml", "--datastore", ds, "0"),
                List.of("delete", "--datastore", ds, "3"),
                List.of("delete", "--datastore", ds, "2"));
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        for (List<String> line : lines) {
            ByteArrayOutputStream messages = new ByteArrayOutputStream();
            int exit = ExamplesRunner.standard().run(line, nowhere, new PrintStream(messages, true, StandardCharsets.UTF_8));
            if (exit != ExamplesRunner.OK) {
                System.err.println("class-data sharing training: '" + String.join(" ", line) + "' exited " + exit + ": "
                        + messages.toString(StandardCharsets.UTF_8));
                System.exit(exit);
            }
        }
        TreeDeleter.delete(dir);
        Path target = Path.of(args[1]);
        Files.writeString(target.resolve(STAMP), Path.of(System.getProperty("java.home")).toRealPath() + "\n"
                + System.getProperty("java.vm.version") + "\n", StandardCharsets.UTF_8);
        Path launcher = Files.writeString(target.resolve(LAUNCHER), SCRIPT, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** {@code tree}'s {@code weights.bin} packed into {@code archive}, a {@code .tar} or, with {@code gzip}, a {@code .tar.gz}. */
    static Path tar(Path tree, Path archive, boolean gzip) throws IOException {
        try (OutputStream file = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip ? new GzipCompressorOutputStream(file) : file)) {
            Path f = tree.resolve("weights.bin");
            tar.putArchiveEntry(new TarArchiveEntry(f, tree.relativize(f).toString()));
            Files.copy(f, tar);
            tar.closeArchiveEntry();
        }
        return archive;
    }
}
