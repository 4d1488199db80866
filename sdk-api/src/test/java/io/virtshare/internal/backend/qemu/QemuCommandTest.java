package io.virtshare.internal.backend.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import io.virtshare.share.GuestDisk;
import io.virtshare.vm.Accelerator;
import io.virtshare.vm.DirectBoot;
import io.virtshare.vm.VmSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuCommandTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Path STATE = Path.of("/var/lib/virtshare/vms/web1");
    private final VmFiles files = new VmFiles(Path.of("/var/lib/virtshare"));

    @Test
    void bareSpec_runsTcgOnQ35WithoutDisplayOrDefaults_consoleToTheStateDirectory_qmpAndPidFileThere() {
        VmSpec spec = VmSpec.builder("web1").shares(VmShares.none(STATE)).build();

        List<String> command = QemuCommand.of(QEMU, spec, files);

        assertThat(command.get(0)).isEqualTo(QEMU.toString());
        assertThat(pairs(command)).contains("-name guest=web1", "-machine q35", "-accel tcg", "-m 512M", "-smp 1",
                "-display none", "-chardev file,id=serial0,path=" + STATE.resolve("console.log"),
                "-serial chardev:serial0", "-qmp unix:" + STATE.resolve("qmp.sock") + ",server=on,wait=off",
                "-pidfile " + STATE.resolve("qemu.pid"));
        assertThat(command).contains("-nodefaults", "-no-user-config").doesNotContain("-kernel");
    }

    @Test
    void q35_getsSparePcieRootPortsAndSharedMemory_forHotPluggedVirtiofsShares() {
        VmSpec spec = VmSpec.builder("web1").shares(VmShares.none(STATE)).build();

        assertThat(pairs(QemuCommand.of(QEMU, spec, files))).contains(
                "-object memory-backend-memfd,id=mem,size=512M,share=on", "-numa node,memdev=mem",
                "-device pcie-root-port,id=virtshare-port1,chassis=1",
                "-device pcie-root-port,id=virtshare-port4,chassis=4")
                .filteredOn(p -> p.startsWith("-device pcie-root-port")).hasSize(QemuCommand.SPARE_ROOT_PORTS);
    }

    @Test
    void pc_getsNoRootPortsAndNoSharedMemoryWithoutVirtiofs() {
        VmSpec spec = VmSpec.builder("web1").machine("pc").shares(VmShares.none(STATE)).build();

        assertThat(QemuCommand.of(QEMU, spec, files)).noneMatch(a -> a.startsWith("pcie-root-port"))
                .doesNotContain("-numa");
    }

    @Test
    void kvmSpec_asksForKvm_andItsMachineMemoryAndCpus() {
        VmSpec spec = VmSpec.builder("web1").accelerator(Accelerator.KVM).machine("pc").memoryMib(2048).vcpus(4)
                .shares(VmShares.none(STATE)).build();

        assertThat(pairs(QemuCommand.of(QEMU, spec, files))).contains("-accel kvm", "-machine pc", "-m 2048M",
                "-smp 4");
    }

    @Test
    void directBoot_givesKernelInitramfsAndCommandLine_andAConsoleFileWithACommaIsEscaped() {
        VmSpec spec = VmSpec.builder("web1")
                .boot(new DirectBoot(Path.of("/boot/vmlinuz"), Path.of("/tmp/initrd.img"), "console=ttyS0 quiet"))
                .console(Path.of("/var/log/web1,console.log"))
                .shares(VmShares.none(STATE)).build();

        assertThat(pairs(QemuCommand.of(QEMU, spec, files))).contains("-kernel /boot/vmlinuz",
                "-initrd /tmp/initrd.img", "-append console=ttyS0 quiet",
                "-chardev file,id=serial0,path=/var/log/web1,,console.log");
    }

    @Test
    void sharesAndDisks_bringSharedMemoryVhostUserFs9pAndDrives() {
        VmSpec spec = VmSpec.builder("web1").memoryMib(1024)
                .shares(VmShares.builder(STATE)
                        .share(Share.virtiofs("models", Path.of("/srv/models"), Path.of("/models")).build())
                        .share(Share.ninep("data", Path.of("data"), Path.of("/data"))
                                .options(NinePOptions.defaults().withSecurityModel("passthrough")).build())
                        .disk(GuestDisk.of(Path.of("var.img"), Path.of("/var"), 64).build())
                        .build())
                .build();

        List<String> pairs = pairs(QemuCommand.of(QEMU, spec, files));

        assertThat(pairs).containsOnlyOnce("-object memory-backend-memfd,id=mem,size=1024M,share=on")
                .contains("-numa node,memdev=mem",
                "-chardev socket,id=fs0,path=" + STATE.resolve("virtiofs-models.sock"))
                .anyMatch(p -> p.startsWith("-device vhost-user-fs-pci,chardev=fs0,tag=models"))
                .anyMatch(p -> p.startsWith("-fsdev local,id=fsdev1,path=" + STATE.resolve("data")))
                .anyMatch(p -> p.startsWith("-drive id=disk0,file=" + STATE.resolve("var.img")));
    }

    /** Each option with its value, as one string ("-m 512M"); lone flags stay alone. */
    private static List<String> pairs(List<String> command) {
        List<String> pairs = new java.util.ArrayList<>();
        for (int i = 1; i < command.size(); i++) {
            String arg = command.get(i);
            if (i + 1 < command.size() && !command.get(i + 1).startsWith("-")) {
                pairs.add(arg + " " + command.get(++i));
            } else {
                pairs.add(arg);
            }
        }
        return Collections.unmodifiableList(pairs);
    }
}
