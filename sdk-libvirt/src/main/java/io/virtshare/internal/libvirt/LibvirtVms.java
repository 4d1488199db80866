package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.vm.DomainDefinition;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.Vms;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;

/**
 * The VMs (domains) of one libvirt connection: persistent ones defined from a {@link VmSpec}
 * through {@link DomainDefinition} (the shares' pre-flight checks run first where libvirt runs
 * on this machine), transient ones started from it, and lookups of what the
 * connection has, running or not. Safe to share between threads, as libvirt's connection is.
 */
final class LibvirtVms implements Vms {
    private final Supplier<? extends Connect> connection;
    private final String uri;
    private final Supplier<LibvirtFeatures> features;
    private final DomainErrors errors;
    /** Whether libvirt runs on this machine, so that the shares' sources can be checked here. */
    private final boolean local;

    /**
     * VMs on the connection {@code connection} gives (each call asks it, so a closed backend
     * says so).
     *
     * @param uri the connection's URI, named in errors
     * @param features what the connection's libvirt accepts in domain XML (asked when needed)
     * @param errors turns libvirt's errors into the SDK's
     */
    LibvirtVms(Supplier<? extends Connect> connection, String uri, Supplier<LibvirtFeatures> features,
            DomainErrors errors) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.features = Objects.requireNonNull(features, "features");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.local = isLocal(uri);
    }

    @Override
    public Vm define(VmSpec spec) {
        String xml = domainXml(spec);
        call("define vm", spec.name(), Existing.NOTHING_YET, () -> {
            Handles.free(connection.get().domainDefineXML(xml));
            return null;
        });
        return new LibvirtVm(this, spec.name());
    }

    @Override
    public Vm create(VmSpec spec) {
        String xml = domainXml(spec);
        call("create vm", spec.name(), Existing.NOTHING_YET, () -> {
            Handles.free(connection.get().domainCreateXML(xml, 0));
            return null;
        });
        return new LibvirtVm(this, spec.name());
    }

    private String domainXml(VmSpec spec) {
        if (spec == null) {
            throw new InvalidSpecException("no VM spec given; build one with VmSpec.builder(name)");
        }
        if (local) {
            spec.shares().check();
        }
        return DomainDefinition.of(spec, features.get());
    }

    @Override
    public Optional<Vm> find(String name) {
        requireName(name);
        return call("find vm", name, Existing.HOST, () -> {
            try {
                Handles.free(connection.get().domainLookupByName(name));
                return Optional.of(new LibvirtVm(this, name));
            } catch (LibvirtException e) {
                if (isNoDomain(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public Vm get(String name) {
        return find(name).orElseThrow(() -> refused("get vm", name, new Refusal(BackendFailure.NOT_FOUND, "no VM '"
                + name + "' on " + uri + "; define it (vms().define) or list the VMs there (vms().list())")));
    }

    @Override
    public List<Vm> list() {
        return call("list vms", null, Existing.HOST, () -> {
            Domain[] domains = connection.get().listAllDomains(0);
            try {
                String[] names = new String[domains.length];
                for (int i = 0; i < domains.length; i++) {
                    names[i] = domains[i].getName();
                }
                return Arrays.stream(names).sorted().map(n -> (Vm) new LibvirtVm(this, n)).toList();
            } finally {
                for (Domain domain : domains) {
                    Handles.free(domain);
                }
            }
        });
    }

    LibvirtFeatures features() {
        return features.get();
    }

    /** libvirt work on one domain's handle. */
    @FunctionalInterface
    interface DomainCall<T> {
        T call(Domain domain) throws LibvirtException;
    }

    /** Runs {@code work}, turning libvirt's errors into the SDK's; {@code existing} says what exists meanwhile. */
    <T> T call(String operation, String vm, Existing existing, LibvirtCall<T> work) {
        try {
            return work.call();
        } catch (LibvirtException e) {
            throw errors.map(operation, vm, existing, e);
        }
    }

    /** Runs {@code work} on the domain called {@code vm}, freeing its handle afterwards. */
    <T> T onDomain(String operation, String vm, DomainCall<T> work) {
        return call(operation, vm, Existing.VM, () -> {
            Domain domain;
            try {
                domain = connection.get().domainLookupByName(vm);
            } catch (LibvirtException e) {
                if (isNoDomain(e)) {
                    throw refused(operation, vm, new Refusal(BackendFailure.NOT_FOUND, "VM '" + vm + "' is no longer"
                            + " on " + uri + " (stopped while transient, or undefined); define or create it again"));
                }
                throw e;
            }
            try {
                return work.call(domain);
            } finally {
                Handles.free(domain);
            }
        });
    }

    /** Redefines a persistent domain from {@code xml} (its running state is left alone). */
    void redefine(String xml) throws LibvirtException {
        Handles.free(connection.get().domainDefineXML(xml));
    }

    /** The SDK's error for a change it refuses before calling libvirt. */
    BackendException refused(String operation, String vm, Refusal refusal) {
        return new BackendException(Failures.BACKEND, uri, operation, vm, refusal.failure(), refusal.message(), null);
    }

    /** Whether {@code uri} names this machine ({@code qemu:///system}) rather than a remote host ({@code qemu+ssh://h/system}). */
    static boolean isLocal(String uri) {
        try {
            String host = new java.net.URI(uri).getHost();
            return host == null || host.isEmpty() || host.equals("localhost");
        } catch (java.net.URISyntaxException e) {
            return true;
        }
    }

    private static boolean isNoDomain(LibvirtException e) {
        return e.getError() != null && e.getError().getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidSpecException("no VM name given; give the name of a libvirt domain");
        }
    }
}
