package io.virtshare.testkit.contract;

import io.virtshare.VirtShare;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** The storage contract on the xml-files backend, which moves no volume data. */
class XmlFilesStorageContractTest extends StorageContract {
    @Override
    protected VirtShare open(Path home) {
        return VirtShare.builder().home(home).backend("xml-files").build();
    }

    @Override
    protected Set<BackendCapability> capabilities() {
        return EnumSet.noneOf(BackendCapability.class);
    }
}
