package io.virtshare.testkit;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.internal.xml.Dom;
import io.virtshare.internal.xml.SafeXml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Asks a real libvirt QEMU driver whether it accepts a domain: defines the XML under a
 * unique name ({@code virtshare-check-…}, without its {@code <uuid>}, so nothing on the
 * host is touched), then undefines it at once. The test driver ({@code test:///default})
 * accepts XML the QEMU driver refuses (read-only virtiofs on libvirt 9.0, for one), so a
 * test of generated domain XML asks this one. Nothing is started; only the definition is
 * checked, by the same validation {@code virsh define} runs.
 *
 * <p>Needs {@code virsh} and a libvirt daemon ({@link HostTool#VIRSH},
 * {@link HostTool#LIBVIRTD}). Stateless and safe to share between threads.
 *
 * <pre>{@code
 * Optional<String> refused = QemuDomainCheck.system().refusal(domainXml);
 * assertThat(refused).as("libvirt's answer").isEmpty();
 * }</pre>
 */
public final class QemuDomainCheck {
    /** The system QEMU driver's URI. */
    public static final String SYSTEM_URI = "qemu:///system";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String uri;

    private QemuDomainCheck(String uri) {
        this.uri = uri;
    }

    /** A check against {@value #SYSTEM_URI}. */
    public static QemuDomainCheck system() {
        return new QemuDomainCheck(SYSTEM_URI);
    }

    /** A check against the libvirt at {@code uri} (e.g. {@code qemu+ssh://host/system}). */
    public static QemuDomainCheck of(String uri) {
        if (Objects.requireNonNull(uri, "uri").isBlank()) {
            throw new IllegalArgumentException("give a libvirt URI, e.g. " + SYSTEM_URI);
        }
        return new QemuDomainCheck(uri);
    }

    /** The URI checked against. */
    public String uri() {
        return uri;
    }

    /**
     * Defines {@code domainXml} under a unique name and undefines it again.
     *
     * @return libvirt's error, on one line, when it refuses the domain; empty when it accepts it
     * @throws IllegalArgumentException when {@code domainXml} is not a {@code <domain>} document
     * @throws IllegalStateException when {@code virsh} cannot be run, or the definition it made
     *     cannot be removed again (the message names it, to remove by hand)
     */
    public Optional<String> refusal(String domainXml) {
        String name = "virtshare-check-" + UUID.randomUUID().toString().substring(0, 8);
        String renamed = renamed(domainXml, name);
        Path file;
        try {
            file = Files.createTempFile("virtshare-check-", ".xml");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary domain file: " + e.getMessage(), e);
        }
        try {
            Files.writeString(file, renamed);
            CommandResult define = virsh("define", file.toString());
            if (!define.succeeded()) {
                String said = define.output();
                if (define.timedOut() || define.exitCode() < 0 || said.isBlank()
                        || said.contains("failed to connect to the hypervisor")) {
                    throw new IllegalStateException("libvirt at " + uri + " did not judge the domain: "
                            + define.describe());
                }
                return Optional.of(said.lines().filter(l -> !l.contains("Failed to define domain from"))
                        .map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> a + " " + b).orElse(said));
            }
            CommandResult undefine = virsh("undefine", "--nvram", name);
            if (!undefine.succeeded()) {
                throw new IllegalStateException("libvirt at " + uri + " accepted domain " + name + " but did not"
                        + " undefine it: " + undefine.output().strip() + "; remove it with virsh -c " + uri
                        + " undefine --nvram " + name);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }

    /**
     * The XML {@code virsh dumpxml} prints for the domain {@code name}: what runs now, or with
     * {@code inactive} the persistent definition ({@code --inactive}). The judge of what the SDK
     * told libvirt, independent of the SDK's own reading.
     *
     * @throws IllegalStateException when {@code virsh} fails, with what it said
     */
    public String dumpxml(String name, boolean inactive) {
        CommandResult dump = inactive ? virsh("dumpxml", "--inactive", name) : virsh("dumpxml", name);
        if (!dump.succeeded()) {
            throw new IllegalStateException("virsh -c " + uri + " dumpxml " + name + " failed: " + dump.describe());
        }
        return dump.output();
    }

    private CommandResult virsh(String... words) {
        List<String> command = new java.util.ArrayList<>(List.of("virsh", "-c", uri));
        command.addAll(List.of(words));
        return CommandRunner.run(TIMEOUT, command);
    }

    /** The domain under {@code name}, without {@code <uuid>} (libvirt makes one). */
    static String renamed(String domainXml, String name) {
        Document doc;
        try {
            doc = SafeXml.parse(domainXml, "domain", "domain XML");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a libvirt domain: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        Dom.child(root, "uuid").ifPresent(root::removeChild);
        Element nameElement = Dom.child(root, "name").orElseGet(() -> {
            Element created = doc.createElement("name");
            root.insertBefore(created, root.getFirstChild());
            return created;
        });
        nameElement.setTextContent(name);
        return SafeXml.write(root);
    }
}
