package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLogTest {
    @TempDir
    Path tmp;

    @Test
    void completeLines_leaveOutALineTheGuestIsStillWriting() throws IOException {
        Path file = Files.writeString(tmp.resolve("console.log"), "BOOTED\r\nREAD hot-plugged-x\nREAD ho");
        ConsoleLog console = new ConsoleLog(file);

        assertThat(console.completeLines()).containsExactly("BOOTED", "READ hot-plugged-x");
        assertThat(console.lines()).containsExactly("BOOTED", "READ hot-plugged-x", "READ ho");
    }

    @Test
    void completeLines_ofAConsoleWithoutNewline_areNone() throws IOException {
        ConsoleLog console = new ConsoleLog(Files.writeString(tmp.resolve("console.log"), "VIRTSHARE-HOTPLUG-READ hot"));

        assertThat(console.completeLines()).isEmpty();
    }
}
