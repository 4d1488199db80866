package io.virtshare.testkit.guest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest's serial console, captured to a file by QEMU or libvirt. Only its last
 * {@value #MAX_BYTES} bytes are read: a runaway guest cannot exhaust the host's memory.
 */
final class ConsoleLog {
    static final int MAX_BYTES = 1 << 20;

    private final Path file;

    ConsoleLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The console's lines so far (carriage returns and control characters removed). */
    List<String> lines() {
        return read(false);
    }

    /**
     * The console's lines that the guest has finished writing: without a last line that has no
     * newline yet, which may be a line the guest is still writing.
     */
    List<String> completeLines() {
        return read(true);
    }

    private List<String> read(boolean completeOnly) {
        if (!Files.isReadable(file)) {
            return List.of();
        }
        byte[] bytes;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = Math.max(0, length - MAX_BYTES);
            bytes = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(bytes);
        } catch (IOException e) {
            return List.of();
        }
        int end = bytes.length;
        if (completeOnly) {
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
        }
        if (end == 0) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            lines.add(line.replaceAll("[\\p{Cntrl}&&[^\t]]", ""));
        }
        return lines;
    }

    /** Whether a line equal to {@code marker} (after trimming) has appeared. */
    boolean contains(String marker) {
        return lines().stream().anyMatch(l -> l.strip().equals(marker));
    }

    /** The last {@code count} non-blank lines. */
    List<String> tail(int count) {
        List<String> lines = lines().stream().filter(l -> !l.isBlank()).toList();
        return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
