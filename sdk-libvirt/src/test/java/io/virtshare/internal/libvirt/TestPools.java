package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import io.virtshare.VirtShare;
import io.virtshare.storage.Volume;
import java.nio.file.Path;
import java.time.Duration;

/** Opens the libvirt backend for a test, and removes a test's pool with its volumes, whatever state it was left in. */
final class TestPools {
    /** The home the tests give VirtShare: the libvirt backend keeps nothing there. */
    static final Path HOME = Path.of(System.getProperty("java.io.tmpdir"));

    private TestPools() {
    }

    /** The libvirt backend on {@code uri}, as a user opens it. */
    static VirtShare open(String uri) {
        return VirtShare.builder().home(HOME).backend("libvirt").uri(uri).build();
    }

    /** The libvirt backend on {@code uri}, connecting within {@code timeout}. */
    static VirtShare open(String uri, Duration timeout) {
        return VirtShare.builder().home(HOME).backend("libvirt").uri(uri).connectTimeout(timeout).build();
    }

    /** The connection behind {@code vs}, for what only the backend's internals offer (hypervisor, capabilities). */
    static LibvirtHost host(VirtShare vs) {
        return ((LibvirtPools) vs.pools()).host();
    }

    static void remove(VirtShare vs, String name) {
        vs.pools().find(name).ifPresent(pool -> {
            if (pool.isActive()) {
                pool.volumes().list().forEach(Volume::delete);
                pool.stop();
            }
            try {
                pool.delete();
            } catch (BackendException e) {
                // never built, or built elsewhere: nothing to delete
            }
            pool.undefine();
        });
    }
}
