package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.internal.vm.DomainDefinition;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.Vms;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/** The VMs of the xml-files backend: one {@code domains/NAME.xml} each, as {@link DomainDefinition} makes it. */
final class XmlFilesVms implements Vms {
    /** Where to go for what needs a running VM. */
    static final String RUNNING_ALTERNATIVE = "use the libvirt backend (io.virtshare:sdk-libvirt,"
            + " VirtShare.builder().backend(\"libvirt\").uri(\"qemu:///system\")) or the qemu backend"
            + " (VirtShare.builder().backend(\"qemu\")), which run VMs";

    private final XmlFilesBackend backend;

    XmlFilesVms(XmlFilesBackend backend) {
        this.backend = backend;
    }

    @Override
    public Vm define(VmSpec spec) {
        String operation = "define vm";
        XmlFilesDirectory directory = backend.directory(operation);
        XmlFilesDirectory.checkName("VM", spec.name());
        String xml = DomainDefinition.of(spec, backend.features());
        directory.create(directory.domainFile(spec.name()), xml, operation, spec.name(), "VM");
        return new XmlFilesVm(backend, spec.name());
    }

    @Override
    public Vm create(VmSpec spec) {
        throw backend.directory("create vm").notSupported("create vm", spec.name(), "start a transient VM",
                RUNNING_ALTERNATIVE + "; or define it here (vs.vms().define(spec)) to get its domain XML");
    }

    @Override
    public Optional<Vm> find(String name) {
        XmlFilesDirectory directory = backend.directory("find vm");
        XmlFilesDirectory.checkName("VM", name);
        return Files.isRegularFile(directory.domainFile(name)) ? Optional.of(new XmlFilesVm(backend, name))
                : Optional.empty();
    }

    @Override
    public Vm get(String name) {
        return find(name).orElseThrow(() -> backend.directory("get vm").notFound("get vm", "VM", name,
                "define it with vs.vms().define(spec), or list the VMs with vs.vms().list()"));
    }

    @Override
    public List<Vm> list() {
        XmlFilesDirectory directory = backend.directory("list vms");
        return directory.names(directory.domains(), "list vms").stream()
                .<Vm>map(name -> new XmlFilesVm(backend, name)).toList();
    }
}
