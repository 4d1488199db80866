package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner jar as a new user runs it: {@code java -jar examples/target/virtshare-examples.jar …}. */
class ExamplesJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "virtshare-examples.jar").toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int exit, String stdout, String stderr) {
    }

    private Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("runner finishes").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void quickstart_exits0WithJsonOnStdoutAndWordsOnStderr() throws Exception {
        Run run = java("quickstart", "--workdir", dir.resolve("work").toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode result = JSON.readTree(run.stdout());
        assertThat(result.path("written")).isNotEmpty();
        assertThat(run.stderr()).contains("Done.");
    }

    @Test
    void usageErrors_exit2WithTheUsage() throws Exception {
        Run missing = java("pool-lifecycle", "--xml", "pool.xml");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).startsWith("error: --uri URI is required").contains("usage: pool-lifecycle");
        assertThat(missing.stdout()).isEmpty();

        Run usage = java("doctor", "--what");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.stderr()).contains("unknown option --what");
    }

    @Test
    @RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.LIBVIRT_LIBRARY})
    void doctor_tellsTheTruthAboutThisHost() throws Exception {
        Run run = java("doctor", "--reflink-dir", dir.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode doctor = JSON.readTree(run.stdout());
        VirtiofsdBinary daemon = VirtiofsdBinary.find().orElseThrow();
        assertThat(doctor.at("/virtiofsd/path").asText()).isEqualTo(daemon.path().toString());
        assertThat(doctor.at("/virtiofsd/flavour").asText()).isEqualTo(daemon.flavour().name().toLowerCase(Locale.ROOT));
        assertThat(doctor.at("/java/version").asText()).isNotBlank();
        assertThat(doctor.at("/libvirt/uris/0/uri").asText()).isEqualTo("test:///default");
        assertThat(doctor.at("/libvirt/uris/0/reachable").asBoolean()).isTrue();
        assertThat(doctor.at("/qemu/kvm/deviceNode").asBoolean()).isEqualTo(Files.exists(Path.of("/dev/kvm")));
        assertThat(doctor.at("/qemu/kvm/accelerator").asText())
                .isEqualTo(doctor.at("/qemu/kvm/usable").asBoolean() ? "kvm" : "tcg");
        assertThat(doctor.at("/reflink/directory").asText()).isEqualTo(dir.toString());
    }
}
