package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.shared.TreeDeleter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibrarySearchPathTest {
    @TempDir
    Path dir;

    @Test
    void of_listsTheDirectoriesOfTheConfAndItsIncludesInOrderThenTheTrustedOnes() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createDirectories(root.resolve("lib64"));
        Path confDir = Files.createDirectories(dir.resolve("ld.so.conf.d"));
        Files.writeString(confDir.resolve("b-multiarch.conf"), "# Multiarch support\n/usr/lib/x86_64-linux-gnu\n");
        Files.writeString(confDir.resolve("a-libc.conf"), "/usr/local/lib   # local first\n\nhwcap 0 nosegneg\n");
        Files.writeString(confDir.resolve("ignored.txt"), "/not/this\n");
        Path conf = Files.writeString(dir.resolve("ld.so.conf"), "include ld.so.conf.d/*.conf\n/opt/libvirt/lib:/opt/x\n");

        assertThat(LibrarySearchPath.of(conf, root)).contains(String.join(":", "/usr/local/lib",
                "/usr/lib/x86_64-linux-gnu", "/opt/libvirt/lib", "/opt/x", root.resolve("lib64").toString(),
                root.resolve("usr/lib").toString()));
    }

    @Test
    void of_whenAnIncludeIncludesItself_stops() throws Exception {
        Path conf = dir.resolve("loop.conf");
        Files.writeString(conf, "include loop.conf\n/usr/lib/a\n");

        assertThat(LibrarySearchPath.of(conf, dir.resolve("none"))).contains("/usr/lib/a");
    }

    @Test
    void of_whenTheConfCannotBeRead_setsNothingSoJnaDoesAsBefore() {
        assertThat(LibrarySearchPath.of(dir.resolve("absent.conf"), dir)).isEmpty();
    }

    @Test
    void expand_starAndSuffix_matchesByHandAndLeavesOutHiddenNames_asGlob3Does() throws Exception {
        for (String name : List.of("b.conf", "a.conf", ".hidden.conf", "c.conf.bak", "c.txt", "conf", ".conf")) {
            Files.writeString(dir.resolve(name), "");
        }

        assertThat(names(LibrarySearchPath.expand(dir.resolve("*.conf")))).containsExactly("a.conf", "b.conf");
        assertThat(names(LibrarySearchPath.expand(dir.resolve("[a.]*.conf")))).as("a glob the JDK compiles")
                .containsExactly("a.conf");
        assertThat(names(LibrarySearchPath.expand(dir.resolve(".*.conf")))).as("a leading dot written out")
                .containsExactly(".hidden.conf");
        assertThat(LibrarySearchPath.expand(dir.resolve("absent/*.conf"))).isEmpty();
    }

    @Provide
    Arbitrary<String> fileNames() {
        return Arbitraries.strings().withChars("ab.c-").ofMinLength(1).ofMaxLength(6)
                .filter(n -> !n.equals(".") && !n.equals(".."));
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.strings().withChars("ab.c-").ofMaxLength(4);
    }

    @Property(tries = 300)
    void expand_starAndSuffix_isWhatTheJdksGlobGives_withoutHiddenNames(
            @ForAll @Size(max = 8) Set<@From("fileNames") String> present, @ForAll("suffixes") String suffix)
            throws IOException {
        Path tmp = Files.createTempDirectory("ld.so.conf.d");
        try {
            for (String name : present) {
                Files.writeString(tmp.resolve(name), "");
            }
            List<String> jdk = new ArrayList<>();
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(tmp, "*" + suffix)) {
                matches.forEach(m -> jdk.add(m.getFileName().toString()));
            }
            List<String> expected = jdk.stream().filter(n -> !n.startsWith(".")).sorted().toList();

            assertThat(names(LibrarySearchPath.expand(tmp.resolve("*" + suffix)))).isEqualTo(expected);
        } finally {
            TreeDeleter.delete(tmp);
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.strings().withChars(" \t\u000b\f\r:,=/ab#\u00a0").ofMaxLength(30);
    }

    @Property(tries = 2_000)
    void words_areWhatSplittingByTheSamePatternGives_withoutEmptyOnes(@ForAll("lines") String line) {
        List<String> split = Arrays.stream(line.split("[\\s:,=]+")).filter(w -> !w.isEmpty()).toList();

        assertThat(LibrarySearchPath.words(line, LibrarySearchPath.WHITE_SPACE + ":,=")).isEqualTo(split);
    }
}
