package io.virtshare.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTest {
    @TempDir
    Path dir;

    @Test
    void start_writesTheOwner_andBeatsUntilClosed_thenRemovesTheFileAndStops() throws Exception {
        Path file = dir.resolve("op.beat");
        Heartbeat beat = Heartbeat.start(file, Duration.ofMillis(20));
        assertThat(Files.readString(file)).isEqualTo(Owner.current().encode() + "\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        assertThat(Heartbeat.recent(file)).as("an old file is not recent").isFalse();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Heartbeat.recent(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(Heartbeat.recent(file)).as("touched by a beat").isTrue();
        assertThat(beat.isBeating()).isTrue();
        beat.close();
        assertThat(Files.exists(file, LinkOption.NOFOLLOW_LINKS)).isFalse();
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (beat.isBeating() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(beat.isBeating()).as("the beating thread ends").isFalse();
    }

    @Test
    void start_replacesALinkAtTheFile_withoutFollowingIt() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "keep");
        Path file = Files.createSymbolicLink(dir.resolve("op.beat"), target);

        try (Heartbeat beat = Heartbeat.start(file, Duration.ofSeconds(10))) {
            assertThat(Files.isSymbolicLink(file)).isFalse();
            assertThat(Files.readString(target)).isEqualTo("keep");
        }
    }
}
