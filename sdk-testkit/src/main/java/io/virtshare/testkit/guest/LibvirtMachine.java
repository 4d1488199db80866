package io.virtshare.testkit.guest;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.share.VmShares;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A transient libvirt domain ({@code virsh create}): {@code type='qemu'} (TCG), direct
 * kernel boot, serial console to a file, the shares as {@code <filesystem>} devices
 * attached with {@link DomainXml} (which also makes the memory shared for virtiofs).
 * libvirt starts virtiofsd itself. Closing destroys the domain, which being transient
 * leaves no definition behind, and removes its QEMU log.
 *
 * <p>Driven through {@code virsh}: the testkit cannot depend on sdk-libvirt (whose tests
 * use the testkit), and sdk-libvirt has no domain lifecycle yet.
 */
final class LibvirtMachine implements GuestMachine {
    private static final Duration VIRSH_TIMEOUT = Duration.ofSeconds(60);
    private static final Path QEMU_LOGS = Path.of("/var/log/libvirt/qemu");

    private final Path virsh;
    private final String uri;
    private final String name;
    private boolean closed;

    private LibvirtMachine(Path virsh, String uri, String name) {
        this.virsh = virsh;
        this.uri = uri;
        this.name = name;
    }

    /** The domain: a bare direct-boot guest with every share of {@code vm} attached. */
    static String domainXml(String name, Path emulator, BootFiles boot, int memoryMb, Path console, VmShares vm) {
        String base = """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>%d</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>%s</cmdline>
                  </os>
                  <features>
                    <acpi/>
                  </features>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>destroy</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <emulator>%s</emulator>
                    <serial type='file'>
                      <source path='%s'/>
                      <target port='0'/>
                    </serial>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(xml(name), memoryMb, xml(boot.kernel().toString()), xml(boot.initramfs().toString()),
                xml(boot.cmdline()), xml(emulator.toString()), xml(console.toString()));
        DomainXml domain = DomainXml.parse(base);
        for (FilesystemDevice fs : vm.filesystems(LibvirtFeatures.unknown())) {
            domain = domain.attach(fs);
        }
        return domain.toXml();
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;").replace("\"", "&quot;");
    }

    /**
     * Creates and starts the transient domain described in {@code xmlFile}.
     *
     * @throws GuestProbeException when libvirt refuses it (the message is libvirt's)
     */
    static LibvirtMachine start(Path virsh, String uri, String name, Path xmlFile) {
        CommandResult run = CommandRunner.run(VIRSH_TIMEOUT,
                List.of(virsh.toString(), "-c", uri, "create", xmlFile.toString()));
        if (!run.succeeded()) {
            LibvirtMachine partial = new LibvirtMachine(virsh, uri, name);
            partial.close();
            throw new GuestProbeException("libvirt did not start the probe domain " + name + ": "
                    + run.output().replaceAll("\\s+", " ").strip());
        }
        return new LibvirtMachine(virsh, uri, name);
    }

    @Override
    public boolean running() {
        CommandResult state = virsh("domstate", name);
        return state.succeeded() && !state.stdout().strip().startsWith("shut off");
    }

    @Override
    public Optional<String> problem() {
        Path log = QEMU_LOGS.resolve(name + ".log");
        List<String> lines;
        try {
            lines = Files.isReadable(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException | RuntimeException e) {
            lines = List.of();
        }
        return lines.stream().filter(l -> l.contains("error") || l.contains("terminating on signal")).reduce((a, b) -> b)
                .map(l -> "libvirt's QEMU log says: " + l.strip());
    }

    private CommandResult virsh(String... words) {
        List<String> command = new java.util.ArrayList<>(List.of(virsh.toString(), "-c", uri));
        command.addAll(List.of(words));
        return CommandRunner.run(VIRSH_TIMEOUT, command);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (virsh("domstate", name).succeeded()) {
            virsh("destroy", name);
        }
        // the domain's QEMU log and the logs of the virtiofsd libvirt started (<name>-fs<N>-virtiofsd.log)
        try (var logs = Files.newDirectoryStream(QEMU_LOGS, name + "{.log,-*.log}")) {
            for (Path log : logs) {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            // libvirt rotates its logs; one left behind is harmless
        }
    }
}
