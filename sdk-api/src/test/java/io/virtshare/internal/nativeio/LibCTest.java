package io.virtshare.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both ways {@link LibC} reaches the C library — the looked-up functions a process starts with,
 * and the direct mapping it registers after {@value LibC#DIRECT_AFTER} calls — give the same
 * results and the same errors. Runs in a JVM of its own, where no call has been made yet.
 */
class LibCTest {
    @TempDir
    Path tmp;

    /**
     * Runs in a fresh JVM: the same work on the files below {@code args[0]} before and after the
     * switch; prints whether calls went direct once the work was done, and what it saw, one line
     * each.
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        String looked = work(Files.createDirectory(root.resolve("looked")));
        System.out.println("direct=" + LibC.isDirect() + " " + looked);   // still false after all of it
        String crossing = crossTheThresholdOnEightThreads(root);
        System.out.println("crossing=" + crossing + " direct=" + LibC.isDirect());
        String direct = work(Files.createDirectory(root.resolve("direct")));
        System.out.println("direct=" + LibC.isDirect() + " " + direct);
    }

    /**
     * Eight threads {@code lstat} one file {@value LibC#DIRECT_AFTER} times each, so that the
     * switch to the direct mapping happens while the others call; every answer must be right.
     */
    private static String crossTheThresholdOnEightThreads(Path root) throws IOException {
        Path file = Files.writeString(root.resolve("sized"), "12345");
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < LibC.DIRECT_AFTER; i++) {
                    if (LinuxFiles.lstat(file).map(Stat::size).orElse(-1L) != 5) {
                        wrong.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        return wrong.get() == 0 ? "ok" : wrong.get() + "-wrong";
    }

    /** Every call of {@link LinuxFds} and {@link LinuxFiles} once, and what each answered. */
    private static String work(Path dir) throws IOException {
        List<String> seen = new ArrayList<>();
        int dirFd = LinuxFds.openDirectory(LinuxFds.AT_FDCWD, bytes(dir.toString()));
        try {
            int fd = LinuxFds.createFile(dirFd, bytes("a"), 0600);
            LinuxFds.writeAll(fd, "hello, world".getBytes(StandardCharsets.UTF_8));
            LinuxFds.fsync(fd);
            LinuxFds.setModeAndTime(fd, 0640, 1_000_000_000_123L);
            LinuxFds.close(fd);
            Files.createSymbolicLink(dir.resolve("link"), Path.of("a"));
            Files.createDirectory(dir.resolve("sub"));

            List<String> names = LinuxFds.list(dirFd).stream().map(n -> new String(n, StandardCharsets.UTF_8))
                    .sorted().collect(Collectors.toList());
            seen.add("list=" + names);
            for (String name : names) {
                Stat s = LinuxFds.lstatAt(dirFd, bytes(name));
                seen.add(name + ":" + (s.isDirectory() ? "d" : s.isSymbolicLink() ? "l" : "f") + ":"
                        + (s.isRegularFile() ? s.size() + ":" + Integer.toOctalString(s.mode() & 0777) : ""));
            }
            List<String> entries = new ArrayList<>();
            DirectoryEntries.forEach(dirFd, e -> entries.add(new String(e.name(), StandardCharsets.UTF_8) + ":"
                    + (e.isDirectory() ? "d" : e.isRegularFile() ? "f" : "l") + ":"
                    + (e.isRegularFile() ? e.size() + ":" + Integer.toOctalString(e.mode() & 0777) : "")));
            seen.add("entries=" + entries.stream().sorted().collect(Collectors.toList()));
            seen.add("readlink=" + new String(LinuxFds.readLink(dirFd, bytes("link")), StandardCharsets.UTF_8));
            seen.add("mtime=" + Files.getLastModifiedTime(dir.resolve("a")).toInstant());

            int in = LinuxFds.openForReading(dirFd, bytes("a"));
            int out = LinuxFds.createFile(dirFd, bytes("b"), 0600);
            try {
                seen.add("fstat=" + LinuxFds.fstat(in).size());
                byte[] read = new byte[5];
                seen.add("pread=" + new String(read, 0, LinuxFds.read(in, read, 5, 7), StandardCharsets.UTF_8));
                seen.add("data=" + LinuxFds.nextData(in, 0) + " hole=" + LinuxFds.nextHole(in, 0));
                LinuxFds.copy(in, out, LinuxFds.fstat(in).size());
                LinuxFds.syncFileSystem(out);
            } finally {
                LinuxFds.close(in);
                LinuxFds.close(out);
            }
            seen.add("copy=" + Files.readString(dir.resolve("b")));
            try (NativeBlock block = new NativeBlock(64)) {
                byte[] text = "..from a block".getBytes(StandardCharsets.UTF_8);
                block.put(10, text, 2, text.length - 2);
                int fromBlock = LinuxFds.createFile(dirFd, bytes("c"), 0600);
                try {
                    block.writeTo(fromBlock, 10, text.length - 2);
                } finally {
                    LinuxFds.close(fromBlock);
                }
                seen.add("block=" + Files.readString(dir.resolve("c")) + ":"
                        + new String(block.get(15, 5), StandardCharsets.UTF_8));
            }
            seen.add("lstat=" + LinuxFiles.lstat(dir.resolve("b")).map(Stat::size).orElse(-1L)
                    + " allocated=" + (LinuxFiles.allocatedBytes(dir.resolve("b")).orElse(-1) > 0));

            seen.add("missing=" + errno(() -> LinuxFds.openDirectory(dirFd, bytes("missing"))));
            seen.add("throughLink=" + errno(() -> LinuxFds.openForReading(dirFd, bytes("link"))));
            seen.add("notDirectory=" + errno(() -> LinuxFds.openDirectory(dirFd, bytes("a"))));
            seen.add("lstatMissing=" + LinuxFiles.lstat(dir.resolve("missing")).isPresent());
        } finally {
            LinuxFds.close(dirFd);
        }
        return String.join(" ", seen);
    }

    private interface Call {
        int run() throws IOException;
    }

    private static String errno(Call call) throws IOException {
        try {
            LinuxFds.close(call.run());
            return "none";
        } catch (LinuxFds.CallFailedException e) {
            return Integer.toString(e.errno());
        }
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lookedUpAndDirectCalls_answerTheSame_andTheSwitchHappensAfterTheThreshold() throws Exception {
        assumeTrue(LinuxFds.available(), "the C library's calls need 64-bit Linux with glibc 2.33 or later");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LibCTest.class.getName(), tmp.toString())
                .redirectErrorStream(true);
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // newer JDKs warn about JNA's native access on stderr: not the outcome
        List<String> lines = output.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("WARNING: ") && !line.isBlank()).toList();

        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("direct=false ");
        assertThat(lines.get(1)).isEqualTo("crossing=ok direct=true");
        assertThat(lines.get(2)).startsWith("direct=true ");
        String looked = lines.get(0).substring("direct=false ".length());
        assertThat(looked).isEqualTo(lines.get(2).substring("direct=true ".length()));
        assertThat(looked).contains("list=[a, link, sub]", "entries=[a:f:12:640, link:l:, sub:d:]", "a:f:12:640", "link:l:", "sub:d:", "readlink=a",
                "mtime=1970-01-01T00:16:40.000000123Z", "fstat=12", "pread=world", "data=0 hole=12",
                "copy=hello, world", "block=from a block:a blo", "lstat=12 allocated=true", "missing=" + LinuxFds.ENOENT,
                "throughLink=" + LinuxFds.ELOOP, "notDirectory=" + LinuxFds.ENOTDIR, "lstatMissing=false");
    }

    /** A block refuses what does not fit it, before any native memory is touched. */
    @Test
    void nativeBlock_refusesWhatDoesNotFit() {
        assumeTrue(LinuxFds.available(), "native calls are not available here");
        try (NativeBlock block = new NativeBlock(16)) {
            assertThatThrownBy(() -> block.put(10, new byte[8], 0, 8)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("8 bytes at 10");
            assertThatThrownBy(() -> block.get(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> block.writeTo(0, 0, 17)).isInstanceOf(IndexOutOfBoundsException.class);
            block.put(8, new byte[8], 0, 8);
            assertThat(block.get(8, 8)).hasSize(8);
        }
        assertThatThrownBy(() -> new NativeBlock(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
