package io.virtshare.testkit.xmlfiles;

import io.virtshare.VirtShare;
import io.virtshare.testkit.contract.BackendCapability;
import io.virtshare.testkit.contract.StorageContract;
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
