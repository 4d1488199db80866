package io.virtshare.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DirectoryEntries} sees what {@code lstat} through the JDK sees, for every entry of a directory. */
class DirectoryEntriesTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void linux() {
        assumeTrue(LinuxFds.available(), "the C library's calls need 64-bit Linux with glibc 2.33 or later");
    }

    @Test
    void everyEntry_withWhatLstatSays_acrossSeveralReadsOfTheDirectory() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        // long names: the entries take several getdents64 calls of the 32 KiB buffer
        for (int i = 0; i < 600; i++) {
            Files.write(dir.resolve(String.format("%03d-", i) + "x".repeat(200)), new byte[i]);
        }
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("sub"));
        Files.createLink(dir.resolve("hard"), dir.resolve("001-" + "x".repeat(200)));
        Files.write(dir.resolve("n" + "é".repeat(100)), new byte[] {1});

        Map<String, String> seen = new HashMap<>();
        int fd = LinuxFds.openDirectory(LinuxFds.AT_FDCWD, dir.toString().getBytes(StandardCharsets.UTF_8));
        try {
            DirectoryEntries.forEach(fd, e -> seen.put(new String(e.name(), StandardCharsets.UTF_8),
                    e.mode() + " " + e.nlink() + " " + e.size() + " " + e.allocated() + " " + e.device() + " "
                            + e.inode() + " " + e.isDirectory() + " " + e.isRegularFile()));
        } finally {
            LinuxFds.close(fd);
        }

        try (var listed = Files.list(dir)) {
            assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(
                    listed.map(p -> p.getFileName().toString()).toList());
        }
        for (Map.Entry<String, String> entry : seen.entrySet()) {
            Map<String, Object> a = Files.readAttributes(dir.resolve(entry.getKey()), "unix:*",
                    LinkOption.NOFOLLOW_LINKS);
            Stat s = LinuxFiles.lstat(dir.resolve(entry.getKey())).orElseThrow();
            assertThat(entry.getValue()).as(entry.getKey()).isEqualTo(a.get("mode") + " " + a.get("nlink") + " "
                    + a.get("size") + " " + s.allocated() + " " + a.get("dev") + " " + a.get("ino") + " "
                    + s.isDirectory() + " " + s.isRegularFile());
        }
        assertThat(seen.get("hard")).startsWith((Integer) Files.getAttribute(dir.resolve("hard"), "unix:mode") + " 2 1 ");
    }

    @Test
    void aVisitorThatReadsAnotherDirectory_getsBuffersOfItsOwn() throws IOException {
        Path outer = Files.createDirectory(tmp.resolve("outer"));
        for (String name : List.of("a", "b", "c")) {
            Files.createDirectory(outer.resolve(name));
            Files.write(outer.resolve(name).resolve("in-" + name), new byte[7]);
        }
        List<String> seen = new ArrayList<>();
        int fd = LinuxFds.openDirectory(LinuxFds.AT_FDCWD, outer.toString().getBytes(StandardCharsets.UTF_8));
        try {
            DirectoryEntries.forEach(fd, e -> {
                String name = new String(e.name(), StandardCharsets.UTF_8);
                int inner = LinuxFds.openDirectory(fd, e.name());
                try {
                    DirectoryEntries.forEach(inner, f -> seen.add(name + "/" + new String(f.name(),
                            StandardCharsets.UTF_8) + ":" + f.size()));
                } finally {
                    LinuxFds.close(inner);
                }
                seen.add(name + ":" + e.isDirectory());
            });
        } finally {
            LinuxFds.close(fd);
        }

        assertThat(seen).containsExactlyInAnyOrder("a/in-a:7", "a:true", "b/in-b:7", "b:true", "c/in-c:7", "c:true");
    }

    @Test
    void aDescriptorThatIsNotADirectory_failsWithTheCall() throws IOException {
        Path file = Files.write(tmp.resolve("file"), new byte[3]);
        int fd = LinuxFds.openForReading(LinuxFds.AT_FDCWD, file.toString().getBytes(StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> DirectoryEntries.forEach(fd, e -> { }))
                    .isInstanceOf(LinuxFds.CallFailedException.class).hasMessageContaining("getdents64")
                    .satisfies(e -> assertThat(((LinuxFds.CallFailedException) e).errno())
                            .isEqualTo(LinuxFds.ENOTDIR));
        } finally {
            LinuxFds.close(fd);
        }
    }
}
