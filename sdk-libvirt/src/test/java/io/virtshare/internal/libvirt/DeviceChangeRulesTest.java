package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.vm.DeviceScope;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.libvirt.Domain;

/**
 * What the SDK refuses before asking libvirt for a {@code <filesystem>} change, on domain XML
 * as libvirt 9.0 reports it (machine types expanded, memory backing present or not).
 */
class DeviceChangeRulesTest {
    private static final LibvirtFeatures LIBVIRT_9 = LibvirtFeatures.of(9, 0, 0);
    private static final String SHARED = "<memoryBacking><source type='memfd'/><access mode='shared'/></memoryBacking>";
    private static final FilesystemDevice MODELS = FilesystemDevice.virtiofs(Path.of("/srv/models"), "models").build();

    private static String domain(String machine, String memory, String devices) {
        return "<domain type='qemu'><name>web1</name><memory unit='KiB'>524288</memory>" + memory
                + "<os><type arch='x86_64' machine='" + machine + "'>hvm</type></os><devices>" + devices
                + "</devices></domain>";
    }

    private static String fs(String tag, String driver) {
        return "<filesystem type='mount' accessmode='passthrough'><driver type='" + driver + "'/><source dir='/srv/"
                + tag + "'/><target dir='" + tag + "'/></filesystem>";
    }

    private static DomainView running(String xml) {
        return new DomainView("web1", Optional.of(xml), Optional.of(xml));
    }

    private static Set<DeviceScope> live() {
        return EnumSet.of(DeviceScope.LIVE);
    }

    @Test
    void where_withoutScopes_isLiveWhenRunningAndTheDefinitionOtherwise() {
        assertThat(DeviceChangeRules.where(new DeviceScope[0], true)).containsExactly(DeviceScope.LIVE);
        assertThat(DeviceChangeRules.where(new DeviceScope[0], false)).containsExactly(DeviceScope.CONFIG);
        assertThat(DeviceChangeRules.where(new DeviceScope[] {DeviceScope.CONFIG, DeviceScope.LIVE}, false))
                .containsExactlyInAnyOrder(DeviceScope.LIVE, DeviceScope.CONFIG);
    }

    @Test
    void where_withANullScope_saysWhichScopesThereAre() {
        assertThatThrownBy(() -> DeviceChangeRules.where(new DeviceScope[] {null}, true))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("DeviceScope.LIVE, DeviceScope.CONFIG");
    }

    @Test
    void flags_areLibvirtsAffectFlags() {
        assertThat(DeviceChangeRules.flags(EnumSet.of(DeviceScope.LIVE))).isEqualTo(Domain.DeviceModifyFlags.LIVE);
        assertThat(DeviceChangeRules.flags(EnumSet.of(DeviceScope.CONFIG))).isEqualTo(Domain.DeviceModifyFlags.CONFIG);
        assertThat(DeviceChangeRules.flags(EnumSet.allOf(DeviceScope.class)))
                .isEqualTo(Domain.DeviceModifyFlags.LIVE | Domain.DeviceModifyFlags.CONFIG);
    }

    @ParameterizedTest
    @CsvSource({"pc-i440fx-7.2", "pc", "microvm"})
    void liveAttach_onAMachineWithoutHotplugPorts_isRefusedNamingConfigAndQ35(String machine) {
        Optional<Refusal> refusal = DeviceChangeRules.attach(running(domain(machine, SHARED, "")), MODELS, live(),
                LIBVIRT_9);

        assertThat(refusal).get().extracting(Refusal::failure).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThat(refusal.get().message()).contains("machine type '" + machine + "'")
                .contains("Bus 'pci.0' does not support hotplugging").contains("DeviceScope.CONFIG")
                .contains("machine q35");
    }

    @Test
    void liveAttach_onQ35WithSharedMemory_isLeftToLibvirt() {
        assertThat(DeviceChangeRules.attach(running(domain("pc-q35-7.2", SHARED, "")), MODELS, live(), LIBVIRT_9))
                .isEmpty();
    }

    @Test
    void liveAttachOfVirtiofs_withoutSharedMemory_saysToAttachInConfigAndRestart() {
        Optional<Refusal> refusal = DeviceChangeRules.attach(running(domain("pc-q35-7.2", "", "")), MODELS, live(),
                LIBVIRT_9);

        assertThat(refusal).get().extracting(Refusal::failure).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThat(refusal.get().message()).contains("without shared memory")
                .contains("define the VM with shared memory (attach in CONFIG and restart)");
    }

    @Test
    void configAttachOfVirtiofs_withoutSharedMemory_isAllowed() {
        DomainView off = new DomainView("web1", Optional.empty(), Optional.of(domain("pc-i440fx-7.2", "", "")));

        assertThat(DeviceChangeRules.attach(off, MODELS, EnumSet.of(DeviceScope.CONFIG), LIBVIRT_9)).isEmpty();
    }

    @Test
    void liveAttachOfNineP_isRefusedBecauseLibvirtHotplugsOnlyVirtiofs() {
        FilesystemDevice ninep = FilesystemDevice.ninep(Path.of("/srv/data"), "data").build();

        Optional<Refusal> refusal = DeviceChangeRules.attach(running(domain("q35", SHARED, "")), ninep, live(),
                LIBVIRT_9);

        assertThat(refusal).get().extracting(Refusal::failure).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThat(refusal.get().message()).contains("hot-plugs only virtiofs").contains("DeviceScope.CONFIG");
    }

    @Test
    void readOnlyVirtiofs_beforeLibvirt11_isRefusedWithTheAlternatives() {
        FilesystemDevice readOnly = FilesystemDevice.parse(fs("models", "virtiofs").replace("</filesystem>",
                "<readonly/></filesystem>"));
        DomainView off = new DomainView("web1", Optional.empty(), Optional.of(domain("q35", SHARED, "")));

        Optional<Refusal> refusal = DeviceChangeRules.attach(off, readOnly, EnumSet.of(DeviceScope.CONFIG),
                LIBVIRT_9);

        assertThat(refusal).get().extracting(Refusal::failure).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThat(refusal.get().message()).contains("read-only").contains("11.0.0").contains("9p");
        assertThat(DeviceChangeRules.attach(off, readOnly, EnumSet.of(DeviceScope.CONFIG),
                LibvirtFeatures.of(11, 0, 0))).isEmpty();
    }

    @Test
    void attach_inTheDefinitionOfATransientVm_saysToUseLiveOrDefineIt() {
        DomainView transientVm = new DomainView("web1", Optional.of(domain("q35", SHARED, "")), Optional.empty());

        Optional<Refusal> refusal = DeviceChangeRules.attach(transientVm, MODELS, EnumSet.of(DeviceScope.CONFIG),
                LIBVIRT_9);

        assertThat(refusal).get().extracting(Refusal::failure).isEqualTo(BackendFailure.INVALID_REQUEST);
        assertThat(refusal.get().message()).contains("transient").contains("DeviceScope.LIVE only");
    }

    @Test
    void liveAttach_toAVmThatIsNotRunning_saysToUseConfigOrStartIt() {
        DomainView off = new DomainView("web1", Optional.empty(), Optional.of(domain("q35", SHARED, "")));

        Optional<Refusal> refusal = DeviceChangeRules.attach(off, MODELS, live(), LIBVIRT_9);

        assertThat(refusal).get().extracting(Refusal::failure).isEqualTo(BackendFailure.BUSY);
        assertThat(refusal.get().message()).contains("not running").contains("DeviceScope.CONFIG");
    }

    @Test
    void attach_ofATagThatIsThere_namesItsSource() {
        DomainView vm = running(domain("q35", SHARED, fs("models", "virtiofs")));

        Optional<Refusal> refusal = DeviceChangeRules.attach(vm, MODELS, live(), LIBVIRT_9);

        assertThat(refusal).get().extracting(Refusal::failure).isEqualTo(BackendFailure.ALREADY_EXISTS);
        assertThat(refusal.get().message()).contains("already has a filesystem tagged 'models'")
                .contains("/srv/models").contains("choose another tag");
    }

    @Test
    void detach_ofAnUnknownTag_isNotFoundAndListsTheTags() {
        DomainView vm = running(domain("q35", SHARED, fs("models", "virtiofs")));

        Optional<Refusal> refusal = DeviceChangeRules.detach(vm, "data", EnumSet.allOf(DeviceScope.class));

        assertThat(refusal).get().extracting(Refusal::failure).isEqualTo(BackendFailure.NOT_FOUND);
        assertThat(refusal.get().message()).contains("no filesystem tagged 'data'").contains("[models]");
    }

    @Test
    void liveDetach_onI440fx_isRefusedAndOfNinePToo() {
        assertThat(DeviceChangeRules.detach(running(domain("pc-i440fx-7.2", SHARED, fs("models", "virtiofs"))),
                "models", live())).get().extracting(Refusal::failure).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThat(DeviceChangeRules.detach(running(domain("q35", SHARED, fs("data", "path"))), "data", live()))
                .get().extracting(Refusal::message).asString().contains("hot-plugs only virtiofs");
        assertThat(DeviceChangeRules.detach(running(domain("q35", SHARED, fs("models", "virtiofs"))), "models",
                live())).isEmpty();
    }
}
