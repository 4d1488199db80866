package io.virtshare.internal.libvirt;

import io.virtshare.VirtShare;
import io.virtshare.vm.Vm;
import io.virtshare.vm.Vms;
import io.virtshare.vm.VmState;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The libvirt backend's VMs for a test, opened as a user opens them, with VM names unique per
 * run; {@link #close()} stops and undefines every VM the test named.
 */
final class SystemVms implements AutoCloseable {
    private final VirtShare vs;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> names = new ArrayList<>();

    SystemVms(String uri) {
        vs = TestPools.open(uri);
    }

    Vms vms() {
        return vs.vms();
    }

    /** A VM name unique to this run, removed again by {@link #close()}. */
    String name(String purpose) {
        String name = "vs-" + purpose + "-" + run;
        names.add(name);
        return name;
    }

    @Override
    public void close() {
        try (vs) {
            for (String name : names) {
                vs.vms().find(name).ifPresent(SystemVms::remove);
            }
        }
    }

    /** Stops {@code vm} if it runs and removes its definition if it has one. */
    static void remove(Vm vm) {
        if (vm.state() != VmState.SHUT_OFF) {
            vm.stop();
        }
        if (vm.persistent()) {
            vm.undefine();
        }
    }
}
