package io.virtshare.internal.share;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the last lines of a log, from a given offset on (one attempt's part), bounded in bytes. */
public final class LogTail {
    /** At most this many bytes are read from the end. */
    static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    /**
     * The last {@code maxLines} non-blank lines of {@code log} written at or after {@code fromOffset}.
     *
     * @return the lines, oldest first; empty when the log is missing
     */
    public static List<String> lastLines(Path log, long fromOffset, int maxLines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long end = file.length();
            long start = Math.max(fromOffset, end - MAX_BYTES);
            if (start >= end) {
                return List.of();
            }
            byte[] bytes = new byte[(int) (end - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"))
                    .map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
            return List.copyOf(lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The current length of {@code log}, or 0 when it does not exist. */
    public static long length(Path log) {
        return log.toFile().length();
    }
}
