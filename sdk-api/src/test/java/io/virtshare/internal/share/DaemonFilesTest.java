package io.virtshare.internal.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonFilesTest {
    @TempDir
    Path dir;

    private Path staleSocket(String name) throws IOException {
        Path socket = dir.resolve(name);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        return socket;
    }

    @Test
    void pidFiles_areWhereEachFlavourWritesThem() {
        DaemonFiles files = DaemonFiles.of(Path.of("/var/lib/vm/virtiofs-home.sock"));

        assertThat(files.pidFiles()).containsExactly(
                Path.of("/run/virtiofsd/.var.lib.vm.virtiofs-home.sock.pid"),
                Path.of("/var/lib/vm/virtiofs-home.sock.pid"));
    }

    @Test
    void staleSocketAndPidFiles_haveNoOwner_andAreRemoved() throws IOException {
        Path socket = staleSocket("a.sock");
        DaemonFiles files = DaemonFiles.of(socket, dir.resolve("run"));
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(files.pidFiles().get(0), "999999999\n");
        Files.writeString(files.pidFiles().get(1), "not a pid\n");

        assertThat(files.liveOwner()).isEmpty();
        files.remove();

        assertThat(files.anyExists()).isFalse();
    }

    @Test
    void listeningSocket_hasALiveOwner() throws IOException {
        Path socket = dir.resolve("live.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));

            assertThat(DaemonFiles.of(socket, dir).liveOwner()).hasValueSatisfying(
                    owner -> assertThat(owner).contains("listening on " + socket));
        }
    }

    @Test
    void pidFileOfALiveProcessMentioningTheSocket_isALiveOwner() throws Exception {
        Path socket = staleSocket("b.sock");
        Process holder = new ProcessBuilder("sh", "-c", "sleep 30", socket.toString()).start();
        try {
            DaemonFiles files = DaemonFiles.of(socket, dir);
            Files.writeString(files.pidFiles().get(1), holder.pid() + "\n");

            assertThat(files.liveOwner()).hasValueSatisfying(o -> assertThat(o).contains("process " + holder.pid()));
        } finally {
            holder.destroyForcibly();
            holder.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void pidFileOfAnUnrelatedLiveProcess_isStale() throws IOException {
        Path socket = staleSocket("c.sock");
        DaemonFiles files = DaemonFiles.of(socket, dir);
        Files.writeString(files.pidFiles().get(1), ProcessHandle.current().pid() + "\n");

        assertThat(files.liveOwner()).as("this JVM is alive but is no virtiofsd for c.sock").isEmpty();
    }

    @Test
    void lockedPidFile_isALiveOwner() throws Exception {
        Path socket = staleSocket("d.sock");
        DaemonFiles files = DaemonFiles.of(socket, dir);
        Path pidFile = files.pidFiles().get(0);
        Files.writeString(pidFile, "1\n");
        // the C daemon's fcntl lock, held by another process (fcntl locks never conflict within one)
        Path program = Files.writeString(dir.resolve("HoldLock.java"), "public class HoldLock {"
                + " public static void main(String[] a) throws Exception {"
                + " try (var c = java.nio.channels.FileChannel.open(java.nio.file.Path.of(a[0]),"
                + " java.nio.file.StandardOpenOption.WRITE); var l = c.lock()) {"
                + " System.out.println(\"locked\"); Thread.sleep(30000); } } }");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, program.toString(), pidFile.toString()).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(6))).isEqualTo("locked");

            assertThat(files.liveOwner()).hasValueSatisfying(o -> assertThat(o).contains("lock on " + pidFile));
        } finally {
            holder.destroyForcibly();
            holder.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void remove_refusesAFileThatIsNotASocket() throws IOException {
        Path notSocket = Files.writeString(dir.resolve("e.sock"), "precious");

        assertThatThrownBy(() -> DaemonFiles.of(notSocket, dir).remove())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not a socket");
        assertThat(notSocket).hasContent("precious");
    }
}
