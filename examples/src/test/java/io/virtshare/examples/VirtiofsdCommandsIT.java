package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.share.Share;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VmShares;
import io.virtshare.share.virtiofsd.VirtiofsdCommand;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real virtiofsd of this host accepts the command line the SDK derives and becomes ready. */
@RequiresHost(HostTool.VIRTIOFSD)
class VirtiofsdCommandsIT {
    @TempDir
    Path state;

    @Test
    void derivedArguments_startTheRealDaemon() throws IOException, InterruptedException {
        VirtiofsdBinary daemon = VirtiofsdBinary.find().orElseThrow();
        Files.createDirectories(state.resolve("models"));
        Share share = Share.virtiofs("models", Path.of("models"), Path.of("/mnt/models"))
                .options(VirtiofsOptions.defaults().withThreadPoolSize(4)).build();
        VirtiofsdCommand derived = VmShares.builder(state).share(share).build().virtiofsdCommands(daemon.flavour())
                .get(0);
        List<String> command = new ArrayList<>(List.of(daemon.path().toString()));
        command.addAll(derived.arguments());
        Path log = state.resolve("virtiofsd.log");

        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path socket = derived.socket();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!Files.exists(socket) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(process.isAlive()).as("virtiofsd runs: " + Files.readString(log)).isTrue();
            assertThat(socket).as("the socket appears").exists();
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
            Files.deleteIfExists(derived.socket());
            Files.deleteIfExists(Path.of(derived.socket() + ".pid"));
            // the C daemon keeps its pid file in /run/virtiofsd, named after the socket path
            Files.deleteIfExists(Path.of("/run/virtiofsd", derived.socket().toString().replace('/', '.')
                    + ".pid"));
        }
    }
}
