package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.DomainXmlException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmState;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One VM of the xml-files backend: its domain file. It never runs, so its live XML is its
 * definition; changes apply to the definition ({@link DeviceScope#CONFIG}, or no scope),
 * made with {@link DomainXml#attach} and {@link DomainXml#detach} and written back in one
 * rename.
 */
final class XmlFilesVm implements Vm {
    private final XmlFilesBackend backend;
    private final String name;

    XmlFilesVm(XmlFilesBackend backend, String name) {
        this.backend = backend;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public VmState state() {
        xml(DeviceScope.CONFIG);
        return VmState.SHUT_OFF;
    }

    @Override
    public boolean persistent() {
        xml(DeviceScope.CONFIG);
        return true;
    }

    @Override
    public String xml(DeviceScope scope) {
        Objects.requireNonNull(scope, "scope");
        XmlFilesDirectory directory = backend.directory("read vm");
        return directory.read(directory.domainFile(name), "read vm", name).orElseThrow(() -> gone("read vm"));
    }

    @Override
    public List<FilesystemDevice> filesystems(DeviceScope scope) {
        return backend.codec().readDomain(xml(scope)).filesystems();
    }

    @Override
    public Vm start() {
        xml(DeviceScope.CONFIG);
        throw backend.directory("start vm").notSupported("start vm", name, "start a VM",
                XmlFilesVms.RUNNING_ALTERNATIVE + "; the domain XML to define there is vm.xml(DeviceScope.CONFIG)");
    }

    @Override
    public Vm stop() {
        xml(DeviceScope.CONFIG);
        throw backend.directory("stop vm").notSupported("stop vm", name, "run, and so stop, a VM",
                XmlFilesVms.RUNNING_ALTERNATIVE);
    }

    @Override
    public void undefine() {
        XmlFilesDirectory directory = backend.directory("undefine vm");
        synchronized (backend) {
            if (!directory.delete(directory.domainFile(name), "undefine vm", name)) {
                throw gone("undefine vm");
            }
        }
    }

    @Override
    public FilesystemDevice attach(FilesystemDevice device, DeviceScope... scopes) {
        Objects.requireNonNull(device, "device");
        DomainXml changed = change("attach filesystem", scopes, BackendFailure.ALREADY_EXISTS,
                domain -> domain.attach(device));
        List<FilesystemDevice> after = changed.filesystems();
        return after.stream().filter(fs -> !device.target().isEmpty() && fs.target().equals(device.target()))
                .findFirst().orElse(after.get(after.size() - 1));
    }

    @Override
    public void detach(String tag, DeviceScope... scopes) {
        Objects.requireNonNull(tag, "tag");
        change("detach filesystem", scopes, BackendFailure.NOT_FOUND, domain -> domain.detach(tag));
    }

    /**
     * Applies {@code edit} to the definition and writes it back; a {@link DomainXmlException}
     * (a tag taken, a tag not there) becomes a {@link BackendException} of kind {@code refusal}.
     */
    private DomainXml change(String operation, DeviceScope[] scopes, BackendFailure refusal,
            UnaryOperator<DomainXml> edit) {
        refuseLive(operation, scopes);
        synchronized (backend) {
            DomainXml changed;
            try {
                changed = edit.apply(backend.codec().readDomain(xml(DeviceScope.CONFIG)));
            } catch (DomainXmlException e) {
                throw new BackendException(XmlFilesBackendProvider.NAME, backend.target(), operation, name, refusal,
                        e.getMessage(), e);
            }
            XmlFilesDirectory directory = backend.directory(operation);
            directory.replace(directory.domainFile(name), changed.toXml(), operation, name);
            return changed;
        }
    }

    private void refuseLive(String operation, DeviceScope... scopes) {
        if (List.of(scopes).contains(DeviceScope.LIVE)) {
            xml(DeviceScope.CONFIG);
            throw backend.directory(operation).notSupported(operation, name, "change a running VM (DeviceScope.LIVE):"
                    + " its VMs never run; give DeviceScope.CONFIG to change the definition",
                    XmlFilesVms.RUNNING_ALTERNATIVE + " and change running VMs");
        }
    }

    private BackendException gone(String operation) {
        return backend.directory(operation).notFound(operation, "VM", name,
                "it was undefined meanwhile; define it again with vs.vms().define(spec)");
    }

    @Override
    public String toString() {
        return "vm " + name + " (" + XmlFilesBackendProvider.NAME + ")";
    }
}
