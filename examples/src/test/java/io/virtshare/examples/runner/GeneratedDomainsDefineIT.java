package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.InvalidSpecException;
import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.Image;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.examples.Quickstart;
import io.virtshare.VirtShare;
import io.virtshare.examples.TestLibvirt;
import io.virtshare.share.ShareProtocol;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.QemuDomainCheck;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The domains the SDK writes are accepted by libvirt's real QEMU driver on
 * {@code qemu:///system} — not only by {@code test:///default}, which accepts read-only
 * virtiofs that libvirt 9.0's QEMU driver refuses. Each is defined under a unique name and
 * undefined at once ({@link QemuDomainCheck}); what the SDK refuses to write is exactly what
 * that driver refuses.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.VIRSH, HostTool.LIBVIRTD})
class GeneratedDomainsDefineIT {
    private static final QemuDomainCheck QEMU = QemuDomainCheck.system();
    private static LibvirtFeatures host;

    @TempDir
    Path tmp;

    private final RunnerCapture capture = new RunnerCapture();
    private Path ds;
    private String id;
    private Path domainFile;

    @BeforeAll
    static void askTheHost() {
        try (VirtShare system = TestLibvirt.open(QemuDomainCheck.SYSTEM_URI)) {
            host = system.features();
        }
    }

    @BeforeEach
    void registerAnImage() throws IOException {
        ds = tmp.resolve("ds");
        Path src = Files.createDirectories(tmp.resolve("src/model"));
        Files.writeString(src.resolve("config.json"), "{}");
        capture.reset();
        assertThat(capture.run("import", "--datastore", ds.toString(), "--safe-dirs", tmp.resolve("src").toString(),
                src.toString())).as(capture.stderr()).isZero();
        id = String.valueOf(capture.json().path("id").asInt());
        domainFile = Files.writeString(tmp.resolve("vm.xml"), Quickstart.SAMPLE_DOMAIN);
    }

    @Test
    void sampleDomain_isDefinedAsItIs() {
        assertThat(QEMU.refusal(Quickstart.SAMPLE_DOMAIN)).as("libvirt's answer").isEmpty();
    }

    @Test
    void quickstartDomainFile_isDefined() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JsonNode result = Quickstart.run(tmp.resolve("quickstart"), new PrintStream(log, true, StandardCharsets.UTF_8));

        JsonNode file = result.findValue("domainFile");
        assertThat(file).as(log.toString(StandardCharsets.UTF_8)).isNotNull();
        String domain = Files.readString(Path.of(file.asText()));
        assertThat(DomainXml.parse(domain).filesystems()).isNotEmpty();
        assertThat(QEMU.refusal(domain)).as("libvirt's answer to\n" + domain).isEmpty();
    }

    /** Every combination of protocol, read-only and target: defined when written, else exit 1 with the limit. */
    @ParameterizedTest(name = "--protocol {0}, read-only {1}, --uri {2}")
    @CsvSource({"virtiofs,false,", "virtiofs,true,", "9p,false,", "9p,true,",
            "virtiofs,false,qemu:///system", "virtiofs,true,qemu:///system", "9p,false,qemu:///system",
            "9p,true,qemu:///system"})
    void domainXmlCommand_writesOnlyWhatQemuDefines(String protocol, boolean readOnly, String uri) {
        List<String> words = new ArrayList<>(List.of("domain-xml", "--datastore", ds.toString(), id, "--protocol",
                protocol, "--domain", domainFile.toString()));
        if (readOnly) {
            words.add("--read-only");
        }
        if (uri != null) {
            words.addAll(List.of("--uri", uri));
        }
        boolean acceptable = !readOnly || protocol.equals("9p") || (uri != null && host.readOnlyVirtiofs());

        capture.reset();
        int exit = capture.run(words.toArray(String[]::new));

        if (acceptable) {
            assertThat(exit).as(capture.stderr()).isZero();
            String domain = capture.stdout();
            assertThat(DomainXml.parse(domain).filesystems()).singleElement()
                    .satisfies(f -> assertThat(f.readOnly()).isEqualTo(readOnly));
            assertThat(QEMU.refusal(domain)).as("libvirt's answer to\n" + domain).isEmpty();
        } else {
            assertThat(exit).as(capture.stdout()).isEqualTo(1);
            assertThat(capture.stdout()).isEmpty();
            assertThat(capture.stderr()).contains("libvirt 11.0.0", "--protocol 9p", "mount -t virtiofs -o ro",
                    "--readonly");
        }
    }

    /**
     * {@code Image.filesystem} for this host: what it builds defines; what it refuses (read-only
     * virtiofs before libvirt 11.0.0) is what this host's QEMU driver refuses when forced.
     */
    @ParameterizedTest(name = "{0}, read-only {1}")
    @CsvSource({"VIRTIOFS,false", "VIRTIOFS,true", "NINE_P,false", "NINE_P,true"})
    void imageFilesystem_forThisHost_isDefinedOrRefusedAsQemuDoes(ShareProtocol protocol, boolean readOnly) {
        Image image = Datastore.open(ds).images().get(Integer.parseInt(id));
        DomainXml sample = DomainXml.parse(Quickstart.SAMPLE_DOMAIN);

        FilesystemDevice fs;
        try {
            fs = image.filesystem(protocol, "models", readOnly, host);
        } catch (InvalidSpecException refused) {
            assertThat(protocol).isEqualTo(ShareProtocol.VIRTIOFS);
            assertThat(readOnly).isTrue();
            assertThat(host.readOnlyVirtiofs()).isFalse();
            String forced = sample.attach(image.filesystem(protocol, "models", true, LibvirtFeatures.of(11, 0, 0)))
                    .toXml();
            assertThat(QEMU.refusal(forced)).as("the SDK refused: " + refused.getMessage())
                    .hasValueSatisfying(why -> assertThat(why).contains("read-only"));
            return;
        }
        String domain = sample.attach(fs).toXml();
        assertThat(QEMU.refusal(domain)).as("libvirt's answer to\n" + domain).isEmpty();
    }
}
