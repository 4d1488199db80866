package io.virtshare.internal.libvirt;

import io.virtshare.VirtShare;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.contract.BackendCapability;
import io.virtshare.testkit.contract.StorageContract;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** The storage contract on the libvirt backend, on the real daemon: pools in the test's directories, volume data moved. */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
class LibvirtStorageContractIT extends StorageContract {
    @Override
    protected VirtShare open(Path home) {
        return VirtShare.builder().home(home).backend("libvirt").uri("qemu:///system").build();
    }

    @Override
    protected Set<BackendCapability> capabilities() {
        return EnumSet.of(BackendCapability.VOLUME_DATA);
    }
}
