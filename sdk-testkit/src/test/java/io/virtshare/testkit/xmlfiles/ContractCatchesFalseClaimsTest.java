package io.virtshare.testkit.xmlfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.virtshare.VirtShare;
import io.virtshare.testkit.contract.BackendCapability;
import io.virtshare.testkit.contract.StorageContract;
import io.virtshare.testkit.contract.VmContract;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The contract can fail: run through the real JUnit engine on the xml-files backend while
 * claiming capabilities it lacks, exactly the tests of those capabilities fail.
 */
class ContractCatchesFalseClaimsTest {
    private static Events run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
    }

    private static String method(Event event) {
        TestDescriptor test = event.getTestDescriptor();
        return test.getDisplayName().replaceAll("\\(.*", "");
    }

    @Test
    void vmContract_whenXmlFilesClaimsToRunVms_failsTheRunningAndLiveTests() {
        Events events = run(ClaimsRunningVms.class);

        assertThat(events.failed().stream().map(ContractCatchesFalseClaimsTest::method)).containsExactlyInAnyOrder(
                "startAndStop_runTheVmWhereTheBackendCan_andAreRefusedNamingAnotherBackendWhereNot",
                "createTransient_runsTheVmWhereTheBackendCan_andIsRefusedNamingAnotherBackendWhereNot",
                "pausedOutsideTheSdk_isPaused_andRunningOnceResumed_whereTheBackendRunsVms",
                "attachLive_changesTheRunningVmWhereTheBackendCan_andIsRefusedNamingAnotherBackendWhereNot");
        assertThat(events.succeeded().count()).isEqualTo(12);
    }

    @Test
    void storageContract_whenXmlFilesClaimsVolumeData_failsTheDataTest() {
        Events events = run(ClaimsVolumeData.class);

        assertThat(events.failed().stream().map(ContractCatchesFalseClaimsTest::method))
                .containsExactly("volumeData_isMovedWhereTheBackendCan_andRefusedNamingAnotherBackendWhereNot");
        assertThat(events.succeeded().count()).isEqualTo(20);
    }

    static VirtShare xmlFiles(Path home) {
        return VirtShare.builder().home(home).backend("xml-files").build();
    }

    /** Fixture, run only through the engine above: xml-files claiming running VMs and live attach. */
    static class ClaimsRunningVms extends VmContract {
        @Override
        protected VirtShare open(Path home) {
            return xmlFiles(home);
        }

        @Override
        protected Set<BackendCapability> capabilities() {
            return EnumSet.of(BackendCapability.RUNNING_VMS, BackendCapability.LIVE_ATTACH);
        }
    }

    /** Fixture, run only through the engine above: xml-files claiming volume data. */
    static class ClaimsVolumeData extends StorageContract {
        @Override
        protected VirtShare open(Path home) {
            return xmlFiles(home);
        }

        @Override
        protected Set<BackendCapability> capabilities() {
            return EnumSet.of(BackendCapability.VOLUME_DATA);
        }
    }
}
