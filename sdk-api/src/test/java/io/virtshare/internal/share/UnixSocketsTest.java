package io.virtshare.internal.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketsTest {
    @TempDir
    Path dir;

    @Test
    void listeningPaths_keepsListeningSocketsWithPaths_includingSpaces() {
        String table = "Num       RefCount Protocol Flags    Type St Inode Path\n"
                + "000000006118b37d: 00000003 00000000 00000000 0001 03  1057\n"
                + "000000006b9b8ac6: 00000002 00000000 00010000 0001 01 565877 /tmp/vfs/run/h.sock\n"
                + "000000006b9b8ac7: 00000002 00000000 00010000 0001 01 565878 /tmp/my dir/a.sock\n"
                + "000000006b9b8ac8: 00000002 00000000 00000000 0001 03 565879 /tmp/connected.sock\n"
                + "000000006b9b8ac9: 00000002 00000000 00010000 0001 01 565880 @abstract\n";

        assertThat(UnixSockets.listeningPaths(table)).containsExactlyInAnyOrder("/tmp/vfs/run/h.sock",
                "/tmp/my dir/a.sock");
    }

    @Test
    void isListening_seesARealListener_withoutConnecting() throws IOException {
        Path socket = dir.resolve("a.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(UnixSockets.isListening(socket)).isTrue();
        }
        assertThat(socket).exists();
        assertThat(UnixSockets.isListening(socket)).as("closed: the file stays, nobody listens").isFalse();
    }
}
