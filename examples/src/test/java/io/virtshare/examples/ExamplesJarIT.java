package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner jar as a new user runs it: {@code java -jar examples/target/virtshare-examples.jar …}. */
class ExamplesJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunnerJar.Run java(String... args) throws IOException, InterruptedException {
        return RunnerJar.run(dir, args);
    }

    @Test
    void quickstart_exits0WithJsonOnStdoutAndWordsOnStderr() throws Exception {
        RunnerJar.Run run = java("quickstart", "--workdir", dir.resolve("work").toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode result = JSON.readTree(run.stdout());
        assertThat(result.path("written")).isNotEmpty();
        assertThat(run.stderr()).contains("Done.");
    }

    @Test
    void quickstart_withLibvirtMarkedUnavailable_writesThePoolXmlInstead_inARelativeWorkdir() throws Exception {
        RunnerJar.Run run = RunnerJar.run(List.of("-Dvirtshare.host.unavailable=LIBVIRT_LIBRARY"), dir,
                "quickstart", "--workdir", "work");

        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode result = JSON.readTree(run.stdout());
        Path workdir = dir.resolve("work").toRealPath();
        assertThat(result.path("workdir").asText()).isEqualTo(workdir.toString());
        JsonNode storage = result.path("steps").findParents("step").stream()
                .filter(s -> s.path("step").asText().equals("storage")).findFirst().orElseThrow();
        assertThat(storage.path("defined").asBoolean()).isFalse();
        assertThat(storage.path("reason").asText()).isEqualTo("marked unavailable by virtshare.host.unavailable");
        assertThat(Path.of(storage.path("poolFile").asText())).isEqualTo(workdir.resolve("pool-quickstart.xml"))
                .isRegularFile();
        assertThat(result.path("written").toString()).contains(workdir.resolve("pool-quickstart.xml").toString());
        assertThat(run.stderr()).contains("libvirt is not usable here (marked unavailable by"
                + " virtshare.host.unavailable)").contains("java -jar " + RunnerJar.JAR + " doctor");
    }

    @Test
    void usageErrors_exit2WithTheUsage() throws Exception {
        RunnerJar.Run missing = java("pool-lifecycle", "--xml", "pool.xml");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).startsWith("error: --uri URI is required").contains("usage: pool-lifecycle");
        assertThat(missing.stdout()).isEmpty();

        RunnerJar.Run usage = java("doctor", "--what");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.stderr()).contains("unknown option --what");
    }

    @Test
    @RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.LIBVIRT_LIBRARY})
    void doctor_tellsTheTruthAboutThisHost() throws Exception {
        RunnerJar.Run run = java("doctor", "--reflink-dir", dir.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode doctor = JSON.readTree(run.stdout());
        VirtiofsdBinary daemon = VirtiofsdBinary.find().orElseThrow();
        assertThat(doctor.at("/virtiofsd/path").asText()).isEqualTo(daemon.path().toString());
        assertThat(doctor.at("/virtiofsd/flavour").asText()).isEqualTo(daemon.flavour().name().toLowerCase(Locale.ROOT));
        assertThat(doctor.at("/java/version").asText()).isNotBlank();
        assertThat(doctor.at("/libvirt/uris/0/uri").asText()).isEqualTo("test:///default");
        assertThat(doctor.at("/libvirt/uris/0/reachable").asBoolean()).isTrue();
        assertThat(doctor.at("/libvirt/uris/0/hypervisor").asText()).isEqualTo("TEST");
        assertThat(doctor.at("/libvirt/uris/0/backend").asText()).isEqualTo("libvirt");
        assertThat(doctor.at("/qemu/kvm/deviceNode").asBoolean()).isEqualTo(Files.exists(Path.of("/dev/kvm")));
        assertThat(doctor.at("/qemu/kvm/accelerator").asText())
                .isEqualTo(doctor.at("/qemu/kvm/usable").asBoolean() ? "kvm" : "tcg");
        assertThat(doctor.at("/reflink/directory").asText()).isEqualTo(dir.toString());
    }
}
