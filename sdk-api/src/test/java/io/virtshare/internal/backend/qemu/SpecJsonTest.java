package io.virtshare.internal.backend.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VmShares;
import io.virtshare.share.GuestDisk;
import io.virtshare.share.WritableOverlay;
import io.virtshare.vm.Accelerator;
import io.virtshare.vm.DirectBoot;
import io.virtshare.vm.VmSpec;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecJsonTest {
    @Test
    void everyFieldOfAWideSpec_survivesTheRoundTrip() {
        VmSpec spec = VmSpec.builder("wide").memoryMib(777).vcpus(3).machine("pc").accelerator(Accelerator.KVM)
                .boot(new DirectBoot(Path.of("/boot/k"), Path.of("/boot/i"), "console=ttyS0 a=\"b\""))
                .console(Path.of("/var/log/wide.log"))
                .shares(VmShares.builder(Path.of("/var/lib/vms/wide"))
                        .share(Share.virtiofs("ro-store", Path.of("/nix/store"), Path.of("/nix/.ro-store"))
                                .readOnly(true).options(new VirtiofsOptions("always", 256, Optional.of(8), true,
                                        Optional.of(Path.of("s.sock")), true, false)).build())
                        .share(Share.ninep("data", Path.of("data"), Path.of("/data"))
                                .options(new NinePOptions("passthrough", 65536, Optional.of("remap"))).build())
                        .disk(GuestDisk.of(Path.of("var.img"), Path.of("/var"), 64).build())
                        .disk(GuestDisk.of(Path.of("raw.qcow2"), Path.of("/raw"), 10).unformatted()
                                .format(GuestDisk.Format.QCOW2).creation(GuestDisk.Creation.QEMU_IMG).build())
                        .overlay(WritableOverlay.nixStore(Path.of("/nix/.rw-store")))
                        .build())
                .build();

        assertThat(SpecJson.read(SpecJson.write(spec))).isEqualTo(spec);
    }

    @Test
    void aValueTheSpecRefuses_isReportedWithTheSpecsOwnMessage() {
        String json = SpecJson.write(VmSpec.builder("web1").shares(VmShares.none(Path.of("/s"))).build())
                .replace("\"vcpus\" : 1", "\"vcpus\" : 0");

        assertThatThrownBy(() -> SpecJson.read(json)).hasMessageContaining("has 0 CPUs; give at least 1");
    }

    @Test
    void anUnknownVersion_isRefusedNamingIt() {
        String json = SpecJson.write(VmSpec.builder("web1").shares(VmShares.none(Path.of("/s"))).build())
                .replace("\"version\" : 1", "\"version\" : 7");

        assertThatThrownBy(() -> SpecJson.read(json)).hasMessageContaining("version is 7, this SDK reads 1");
    }

    @Test
    void aFieldOfTheWrongType_isNamed() {
        String json = SpecJson.write(VmSpec.builder("web1").shares(VmShares.none(Path.of("/s"))).build())
                .replace("\"machine\" : \"q35\"", "\"machine\" : 35");

        assertThatThrownBy(() -> SpecJson.read(json)).hasMessageContaining("field 'machine' is not a string");
    }
}
