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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output validates against libvirt's RelaxNG schemas: for every corpus domain that
 * {@code virt-xml-validate} accepts, the domain as virtshare writes it — and with a
 * virtiofs and a read-only 9p filesystem attached — is accepted too; where the schema of this
 * host's libvirt refuses the corpus domain itself (written for a newer libvirt), it refuses
 * both with the same errors, none added. Both are also defined on libvirt's real QEMU driver
 * ({@code qemu:///system}) wherever that driver accepts the corpus domain itself. A domain of
 * {@code type='kvm'} is judged as {@code type='qemu'} (all three alike) where this host's QEMU
 * has no KVM, as nested virtualisation here does not; where the driver refuses the corpus domain
 * even so (a feature this host's libvirt lacks), it must refuse both of virtshare's for the same
 * reason, and for no other.
 * {@code .ci/run} installs the s390x emulator ({@code qemu-system-misc}) for the corpus's s390x
 * domains.
 */
@RequiresHost({HostTool.VIRT_XML_VALIDATE, HostTool.VIRSH, HostTool.LIBVIRTD})
class DomainSchemaIT {
    private static final QemuDomainCheck QEMU = QemuDomainCheck.system();
    /** libvirt's refusal of {@code type='kvm'} where QEMU has no KVM. */
    private static final String NO_KVM = "does not support virt type 'kvm'";
    private static final Pattern CHECK_NAME = Pattern.compile("virtshare-check-[0-9a-f]+");
    private static final Pattern KVM_DOMAIN = Pattern.compile("(<domain\\b[^>]*?\\btype=)(['\"])kvm\\2");

    @TempDir
    Path tmp;

    /** What {@code virt-xml-validate} answers for {@code file}. */
    private static CommandResult validate(Path file) {
        return CommandRunner.run(Duration.ofSeconds(30), List.of("virt-xml-validate", file.toString()));
    }

    /** What {@code virt-xml-validate} says of {@code file}, its name (and line numbers' file) left out. */
    private static String errors(CommandResult validation, Path file) {
        return validation.output().replace(file.toString(), "DOMAIN");
    }

    /** libvirt's answer without the name {@link QemuDomainCheck} gave the domain, which differs per check. */
    private static String unnamed(String refusal) {
        return CHECK_NAME.matcher(refusal).replaceAll("NAME");
    }

    /** The domain of {@code xml} as {@code type='qemu'} (TCG) when its root says {@code type='kvm'}. */
    private static String onTcg(String xml) {
        return KVM_DOMAIN.matcher(xml).replaceFirst("$1$2qemu$2");
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
            String corpusXml = Files.readString(file);
            DomainXml domain = DomainXml.parse(corpusXml);
            String writtenXml = domain.toXml();
            String attachedXml = domain
                    .attach(FilesystemDevice.virtiofs(Path.of("/srv/models/llama"), "virtshare-llama")
                            .queue(1024).cache("always").build())
                    .attach(FilesystemDevice.ninep(Path.of("/srv/models/llama"), "virtshare-ro").readOnly(true)
                            .build())
                    .toXml();
            Path written = Files.writeString(tmp.resolve("written-" + file.getFileName()), writtenXml);
            Path attached = Files.writeString(tmp.resolve("attached-" + file.getFileName()), attachedXml);
            CommandResult corpusValidation = validate(file);
            CommandResult writtenValidation = validate(written);
            CommandResult attachedValidation = validate(attached);
            if (corpusValidation.succeeded()) {
                assertThat(writtenValidation.succeeded()).as(writtenValidation.output()).isTrue();
                assertThat(attachedValidation.succeeded()).as(attachedValidation.output()).isTrue();
            } else {
                String refused = errors(corpusValidation, file);
                assertThat(errors(writtenValidation, written)).as("the schema's errors for the written domain")
                        .isEqualTo(refused);
                assertThat(errors(attachedValidation, attached)).as("the schema's errors for the attached domain")
                        .isEqualTo(refused);
            }

            String original = corpusXml;
            Optional<String> refusal = QEMU.refusal(original);
            if (refusal.isPresent() && refusal.get().contains(NO_KVM)) {
                original = onTcg(original);
                writtenXml = onTcg(writtenXml);
                attachedXml = onTcg(attachedXml);
                refusal = QEMU.refusal(original);
            }
            Optional<String> expected = refusal.map(DomainSchemaIT::unnamed);
            assertThat(QEMU.refusal(writtenXml).map(DomainSchemaIT::unnamed)).as("libvirt's answer to the written domain")
                    .isEqualTo(expected);
            assertThat(QEMU.refusal(attachedXml).map(DomainSchemaIT::unnamed))
                    .as("libvirt's answer to the attached domain").isEqualTo(expected);
        }));
    }
}
