package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.GuestKernel;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.DirectBoot;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code qemu} backend boots a real TCG guest through {@code VirtShare}: the guest mounts a
 * virtiofs share served by the SDK's supervised virtiofsd, reads the host's file and writes one
 * back; stopping the VM (or closing the VirtShare that started it) leaves neither QEMU nor
 * virtiofsd running.
 */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class QemuBackendGuestIT {
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final String HOST_TEXT = "written-by-the-host";
    private static final String GUEST_TEXT = "written-by-the-guest";

    @TempDir
    Path tmp;

    private Path state;
    private Path source;
    private Path console;
    private VmSpec spec;

    @BeforeEach
    void guest() throws IOException {
        state = tmp.resolve("vms/guest1");
        source = Files.createDirectories(tmp.resolve("models"));
        Files.writeString(source.resolve("in.txt"), HOST_TEXT + "\n");
        console = tmp.resolve("console.log");
        VmShares shares = VmShares.builder(state)
                .share(Share.virtiofs("models", source, Path.of("/mnt/models")).build()).build();
        GuestKernel kernel = GuestKernel.find().orElseThrow();
        Path initramfs = tmp.resolve("initramfs.cpio");
        ModuleOrder order = ModuleOrder.parse(Files.readString(kernel.modules().resolve("modules.dep")),
                Files.isReadable(kernel.modules().resolve("modules.builtin"))
                        ? Files.readString(kernel.modules().resolve("modules.builtin")) : "");
        Initramfs.write(initramfs, HostTools.detect().status(HostTool.BUSYBOX).path().orElseThrow(), kernel.modules(),
                order.resolve(List.of("virtio_pci", "virtiofs")), List.of(new GuestTask(0,
                        shares.guestMounts().get(0).command(), "/mnt/models", "in.txt", "out.txt", GUEST_TEXT)));
        spec = VmSpec.builder("guest1").memoryMib(256)
                .boot(new DirectBoot(kernel.image(), initramfs, "console=ttyS0 quiet loglevel=3"))
                .console(console)
                .shares(shares)
                .build();
    }

    @Test
    void definedVm_startsAGuestThatMountsTheVirtiofsShareAndReadsIt_thenPowersOffLeavingNoProcess()
            throws IOException {
        try (VirtShare vs = VirtShare.builder().backend("qemu").home(tmp.resolve("home")).build()) {
            Vm vm = vs.vms().define(spec);
            assertThat(vm.state()).isEqualTo(VmState.SHUT_OFF);

            vm.start();

            assertThat(vm.state()).isEqualTo(VmState.RUNNING);
            assertThat(processesMentioning(state)).as("QEMU and virtiofsd run").hasSizeGreaterThanOrEqualTo(2);
            await(() -> new ConsoleLog(console).contains(InitScript.DONE), "the guest to finish");
            await(() -> vm.state() == VmState.SHUT_OFF, "the guest to power off");
            Map<Integer, GuestLine> lines = GuestLine.parse(new ConsoleLog(console).lines());
            assertThat(lines.get(0)).as(String.join("\n", new ConsoleLog(console).tail(30))).isNotNull();
            assertThat(lines.get(0).mounted()).isTrue();
            assertThat(lines.get(0).read()).isEqualTo(HOST_TEXT);
            assertThat(source.resolve("out.txt")).content().isEqualToIgnoringNewLines(GUEST_TEXT);
            await(() -> processesMentioning(state).isEmpty(), "QEMU and virtiofsd to be gone");
            assertThat(vm.persistent()).isTrue();
        }
    }

    @Test
    void stop_whileTheGuestBoots_leavesNeitherQemuNorVirtiofsdRunning() {
        try (VirtShare vs = VirtShare.builder().backend("qemu").home(tmp.resolve("home")).build()) {
            Vm vm = vs.vms().define(spec).start();
            try (VirtShare other = VirtShare.builder().backend("qemu").home(tmp.resolve("home")).build()) {
                assertThat(other.vms().get("guest1").state()).as("seen from a backend that did not start it")
                        .isEqualTo(VmState.RUNNING);
            }
            assertThat(vm.state()).as("closing that other backend left the VM alone").isEqualTo(VmState.RUNNING);

            vm.stop();

            assertThat(vm.state()).isEqualTo(VmState.SHUT_OFF);
            assertThat(processesMentioning(state)).isEmpty();
            assertThat(state.resolve("virtiofs-models.sock")).doesNotExist();
            assertThat(state.resolve("qmp.sock")).doesNotExist();
        }
    }

    @Test
    void closingTheVirtShare_stopsTheTransientVmItCreated() {
        try (VirtShare vs = VirtShare.builder().backend("qemu").home(tmp.resolve("home")).build()) {
            Vm vm = vs.vms().create(spec);
            assertThat(vm.persistent()).isFalse();
            assertThat(processesMentioning(state)).isNotEmpty();
        }

        assertThat(processesMentioning(state)).isEmpty();
        try (VirtShare again = VirtShare.builder().backend("qemu").home(tmp.resolve("home")).build()) {
            assertThat(again.vms().find("guest1")).as("a stopped transient VM is gone").isEmpty();
        }
    }

    private static List<ProcessHandle> processesMentioning(Path dir) {
        String text = dir.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().filter(c -> c.contains(text)).isPresent()).toList();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + BOOT_TIMEOUT.toSeconds() + " s for " + what)
                    .isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
