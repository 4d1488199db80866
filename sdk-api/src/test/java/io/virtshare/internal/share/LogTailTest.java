package io.virtshare.internal.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void lastLines_readsOnlyThisAttempt_andTheLastFew() throws IOException {
        Path log = Files.writeString(dir.resolve("v.log"), "old attempt: failed\n");
        long offset = LogTail.length(log);
        Files.writeString(log, "old attempt: failed\nline 1\n\nline 2\nline 3\n");

        assertThat(LogTail.lastLines(log, offset, 2)).containsExactly("line 2", "line 3");
        assertThat(LogTail.lastLines(log, offset, 10)).containsExactly("line 1", "line 2", "line 3");
        assertThat(LogTail.lastLines(dir.resolve("missing.log"), 0, 5)).isEmpty();
    }

    @Test
    void lastLines_ofAHugeLog_readBounded() throws IOException {
        Path log = dir.resolve("big.log");
        Files.writeString(log, "x".repeat(LogTail.MAX_BYTES * 2) + "\nthe end\n");

        assertThat(LogTail.lastLines(log, 0, 1)).containsExactly("the end");
    }
}
