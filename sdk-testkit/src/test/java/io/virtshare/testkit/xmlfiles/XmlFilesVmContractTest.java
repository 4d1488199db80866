package io.virtshare.testkit.xmlfiles;

import io.virtshare.VirtShare;
import io.virtshare.testkit.contract.BackendCapability;
import io.virtshare.testkit.contract.VmContract;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

// snippet:contract
/** The VM contract on the xml-files backend, whose VMs never run. */
class XmlFilesVmContractTest extends VmContract {
    @Override
    protected VirtShare open(Path home) {
        return VirtShare.builder().home(home).backend("xml-files").build();
    }

    @Override
    protected Set<BackendCapability> capabilities() {
        return EnumSet.noneOf(BackendCapability.class);
    }
}
// end:contract
