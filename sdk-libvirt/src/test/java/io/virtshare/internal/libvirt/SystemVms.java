package io.virtshare.internal.libvirt;

import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.domain.LibvirtVersion;
import io.virtshare.libvirt.internal.QuietErrors;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmState;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * A connection and {@link LibvirtVms} for a test, with VM names unique per run; {@link #close()}
 * stops and undefines every VM the test named.
 */
final class SystemVms implements AutoCloseable {
    private final Connect connection;
    private final LibvirtVms vms;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> names = new ArrayList<>();

    SystemVms(String uri) throws LibvirtException {
        QuietErrors.install();
        connection = new Connect(uri);
        LibvirtVersion v = LibvirtVersion.decode(connection.getLibVersion());
        vms = new LibvirtVms(connection, uri, LibvirtFeatures.of(v.major(), v.minor(), v.release()),
                DomainErrors.basic(uri));
    }

    LibvirtVms vms() {
        return vms;
    }

    /** A VM name unique to this run, removed again by {@link #close()}. */
    String name(String purpose) {
        String name = "vs-" + purpose + "-" + run;
        names.add(name);
        return name;
    }

    @Override
    public void close() throws LibvirtException {
        try {
            for (String name : names) {
                vms.find(name).ifPresent(SystemVms::remove);
            }
        } finally {
            connection.close();
        }
    }

    private static void remove(Vm vm) {
        if (vm.state() != VmState.SHUT_OFF) {
            vm.stop();
        }
        if (vm.persistent()) {
            vm.undefine();
        }
    }
}
