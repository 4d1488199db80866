package io.virtshare.internal.backend.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.share.VmShares;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * QEMU's run states as the SDK names them (as libvirt does for the same QEMU), and
 * {@code query-status} answers read as untrusted input, against a fake QMP socket.
 */
class QemuStatusTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final String GREETING = "{\"QMP\": {\"version\": {}, \"capabilities\": []}}";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "running, RUNNING",
        "paused, PAUSED",
        "prelaunch, PAUSED",
        "inmigrate, PAUSED",
        "postmigrate, PAUSED",
        "finish-migrate, PAUSED",
        "save-vm, PAUSED",
        "restore-vm, PAUSED",
        "colo, PAUSED",
        "debug, PAUSED",
        "io-error, PAUSED",
        "watchdog, PAUSED",
        "internal-error, PAUSED",
        "guest-panicked, CRASHED",
        "shutdown, OTHER",
        "suspended, OTHER",
        "a-state-of-a-newer-qemu, OTHER",
        "RUNNING, OTHER",
        "'', OTHER"})
    void runState_mapsToTheSdksState(String status, VmState sdk) {
        assertThat(QemuStatus.of(status)).isEqualTo(sdk);
    }

    @Test
    void query_whenQemuAnswersPaused_isPaused() throws IOException {
        VmSpec spec = spec();
        Thread qemu = fakeQmp(spec, List.of(GREETING, "{\"return\": {}}",
                "{\"return\": {\"running\": false, \"singlestep\": false, \"status\": \"paused\"}}"));

        assertThat(status().query(spec)).isEqualTo(VmState.PAUSED);
        join(qemu);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"return\": {\"running\": true}}", "{\"return\": {\"status\": 7}}",
            "{\"return\": [\"running\"]}", "{\"return\": {\"status\": {\"nested\": \"running\"}}}"})
    void query_whenTheStatusIsMissingOrNotText_isOther(String answer) throws IOException {
        VmSpec spec = spec();
        Thread qemu = fakeQmp(spec, List.of(GREETING, "{\"return\": {}}", answer));

        assertThat(status().query(spec)).isEqualTo(VmState.OTHER);
        join(qemu);
    }

    @Test
    void query_whenTheAnswerIsNotJson_fails() throws IOException {
        VmSpec spec = spec();
        Thread qemu = fakeQmp(spec, List.of(GREETING, "{\"return\": {}}", "running, honestly"));

        assertThatThrownBy(() -> status().query(spec)).isInstanceOf(IOException.class);
        join(qemu);
    }

    @Test
    void query_whenTheSocketNeverGreets_failsWithinTheTimeout() throws IOException {
        VmSpec spec = spec();
        Thread qemu = fakeQmp(spec, List.of());
        long start = System.nanoTime();

        assertThatThrownBy(() -> status().query(spec)).isInstanceOf(IOException.class)
                .hasMessageContaining("did not answer on QMP within " + TIMEOUT.toMillis() + " ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(6));
        join(qemu);
    }

    @Test
    void query_whenTheSocketIsGone_fails() {
        assertThatThrownBy(() -> status().query(spec())).isInstanceOf(IOException.class);
    }

    private VmSpec spec() {
        return VmSpec.builder("web1").shares(VmShares.none(tmp.resolve("state"))).build();
    }

    private QemuStatus status() {
        return new QemuStatus(new VmFiles(tmp.resolve("home")), TIMEOUT);
    }

    /**
     * A QMP socket where {@code spec}'s QEMU keeps it that takes one client and sends
     * {@code lines}: the first at once, each further one after a line from the client; then
     * waits for the client to leave.
     */
    private Thread fakeQmp(VmSpec spec, List<String> lines) throws IOException {
        Path socket = new VmFiles(tmp.resolve("home")).qmpSocket(spec);
        Files.createDirectories(socket.getParent());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread thread = new Thread(() -> {
            try (server; SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(Channels.newReader(client, StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(client);
                for (int i = 0; i < lines.size(); i++) {
                    if (i > 0 && in.readLine() == null) {
                        return;
                    }
                    out.write((lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                while (in.readLine() != null) {
                    // until the client closes
                }
            } catch (IOException e) {
                // the client left
            }
        }, "fake-qmp");
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(thread.isAlive()).as("the fake QMP socket was let go").isFalse();
    }
}
