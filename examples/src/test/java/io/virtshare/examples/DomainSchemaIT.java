package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.QemuDomainCheck;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output validates against libvirt's RelaxNG schemas: for every corpus domain that
 * {@code virt-xml-validate} accepts, the domain as virtshare writes it — and with a
 * virtiofs and a read-only 9p filesystem attached — is accepted too. Both are also defined
 * on libvirt's real QEMU driver ({@code qemu:///system}) wherever that driver accepts the
 * corpus domain itself; where it does not (an emulator this host lacks, a feature its
 * libvirt refuses), the test is skipped with libvirt's reason.
 */
@RequiresHost({HostTool.VIRT_XML_VALIDATE, HostTool.VIRSH, HostTool.LIBVIRTD})
class DomainSchemaIT {
    private static final QemuDomainCheck QEMU = QemuDomainCheck.system();

    @TempDir
    Path tmp;

    private static boolean valid(Path file) {
        CommandResult r = CommandRunner.run(Duration.ofSeconds(30), List.of("virt-xml-validate", file.toString()));
        return r.succeeded();
    }

    private static String explain(Path file) {
        return CommandRunner.run(Duration.ofSeconds(30), List.of("virt-xml-validate", file.toString())).output();
    }

    @TestFactory
    Stream<DynamicTest> corpusDomains_stayValid() throws IOException {
        Path corpus = Path.of(System.getProperty("virtshare.corpus", "../testdata/corpus/libvirt"));
        assertThat(corpus).as("libvirt's XML test corpus (testdata/corpus/libvirt in the repository)").isDirectory();
        List<Path> files;
        try (Stream<Path> all = Files.walk(corpus.resolve("tests"))) {
            files = all.filter(p -> p.getParent().getFileName().toString().startsWith("qemuxml"))
                    .filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            if (!valid(file)) {
                Assumptions.abort("libvirt's schema refuses its own test input, nothing to hold us to: "
                        + explain(file).replaceAll("\\s+", " "));
            }
            DomainXml domain = DomainXml.parse(Files.readString(file));
            Path written = Files.writeString(tmp.resolve("written-" + file.getFileName()), domain.toXml());
            assertThat(valid(written)).as(explain(written)).isTrue();
            Path attached = Files.writeString(tmp.resolve("attached-" + file.getFileName()), domain
                    .attach(FilesystemDevice.virtiofs(Path.of("/srv/models/llama"), "virtshare-llama")
                            .queue(1024).cache("always").build())
                    .attach(FilesystemDevice.ninep(Path.of("/srv/models/llama"), "virtshare-ro").readOnly(true)
                            .build())
                    .toXml());
            assertThat(valid(attached)).as(explain(attached)).isTrue();

            Optional<String> original = QEMU.refusal(Files.readString(file));
            if (original.isPresent()) {
                Assumptions.abort("libvirt's QEMU driver here refuses libvirt's own test input, so it cannot judge"
                        + " what virtshare writes from it: " + original.get());
            }
            assertThat(QEMU.refusal(Files.readString(written))).as("libvirt's answer to the written domain").isEmpty();
            assertThat(QEMU.refusal(Files.readString(attached))).as("libvirt's answer to the attached domain")
                    .isEmpty();
        }));
    }
}
