package io.virtshare.internal.libvirt;

import io.virtshare.storage.UploadOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.InvalidSpecException;
import io.virtshare.storage.FormatType;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeStreamsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "raw|qcow2|convert the file to qcow2 first (qemu-img convert -f raw -O qcow2 data.bin converted.qcow2)",
        "qcow2|raw|convert the file to raw first (qemu-img convert -f qcow2 -O raw data.bin converted.raw)",
        "vmdk|qcow2|convert the file to qcow2 first (qemu-img convert -f vmdk -O qcow2 data.bin converted.qcow2)",
        "raw|iso|give the data in iso format",
        "iso|raw|give the data in raw format",
        "luks|raw|give the data in raw format",
    })
    void formatMismatch_namesTheVolumeBothFormatsAndBothWaysOut(String data, String volume, String convert) {
        String message = VolumeStreams.formatMismatch(Path.of("/srv/data.bin"), "disk", FormatType.of(data),
                FormatType.of(volume)).getMessage();

        assertThat(message).isEqualTo("cannot upload /srv/data.bin to volume disk: the volume is " + volume
                + " but the file holds " + data + " data; an upload replaces the volume's bytes and libvirt then"
                + " takes the volume's format from them, so the volume would become " + data + "; " + convert
                + ", or pass UploadOptions.defaults().withFormatChange(true) to let the volume become " + data);
    }

    @org.junit.jupiter.api.Test
    void namesFiles_namesEveryFileTheHeaderNames_andBothWaysOut() {
        String message = VolumeStreams.namesFiles(Path.of("/srv/x.qcow2"), "disk", FormatType.QCOW2, java.util.List.of(
                new ImageFormats.NamedFile("backing file", java.util.Optional.of("/etc/shadow")),
                new ImageFormats.NamedFile("external data file", java.util.Optional.empty()))).getMessage();

        assertThat(message).isEqualTo("cannot upload /srv/x.qcow2 to volume disk: its qcow2 header names the"
                + " backing file '/etc/shadow' and the external data file (its name lies beyond the first 64 KiB of"
                + " the header), which libvirt and a guest using the volume would then read from the host; upload"
                + " a self-contained image instead (qemu-img convert -O qcow2 x.qcow2 flat.qcow2 copies what those"
                + " files hold into it), or pass UploadOptions.defaults().withBackingFile(true) when those files are"
                + " meant to back the volume");
        assertThat(VolumeStreams.namesFiles(Path.of("x"), "d", FormatType.of("cow"), java.util.List.of(
                new ImageFormats.NamedFile("backing file", java.util.Optional.of("b")))).getMessage())
                .contains("; upload a self-contained image instead, or pass")
                .endsWith("when that file is meant to back the volume");
    }

    @org.junit.jupiter.api.Test
    void differencing_namesTheDiskItsParentWhatAGuestGetsAndTheWayOut_andNoOptionThatLetsItThrough() {
        InvalidSpecException refusal = VolumeStreams.differencing(Path.of("/srv/child.vhd"), "disk",
                new DifferencingDisks.DifferencingDisk(FormatType.of("vpc"), Optional.of("'base.vhd'"), true));

        assertThat(refusal).isInstanceOf(InvalidSpecException.class).hasMessage("cannot upload /srv/child.vhd to volume"
                + " disk: it is a vpc differencing disk whose parent is 'base.vhd', and QEMU opens it without reading"
                + " any parent, so a guest using the volume would read zeros wherever the parent holds data; merge it"
                + " with its parent into a self-contained image with the tool that made it (Hyper-V's Merge-VHD, or"
                + " VirtualBox's VBoxManage clonemedium) and upload that: qemu-img convert reads the file as QEMU"
                + " does, so it cannot bring the parent's data in; no upload option lets a differencing disk through,"
                + " not even UploadOptions.withBackingFile(true), which allows files that QEMU does open");
    }

    @org.junit.jupiter.api.Test
    void pendingLog_saysWhatTheLogHoldsWhyTheFileCannotBeCheckedAndHowToWriteItIn() {
        assertThat(VolumeStreams.pendingLog(Path.of("/srv/crashed.vhdx"), "disk", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"))
                .isInstanceOf(InvalidSpecException.class).hasMessage("cannot upload /srv/crashed.vhdx to volume disk:"
                        + " it is a vhdx whose log holds changes not yet written into the disk (log"
                        + " 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0), as a crash or an unclean shutdown leaves it; QEMU"
                        + " writes them in when it opens the disk for writing and refuses to open it read-only, and what"
                        + " the disk is once they are in (a differencing disk or not) cannot be checked from the file as"
                        + " it is; write them in first with qemu-img check -r all crashed.vhdx (or by opening the disk"
                        + " once in Hyper-V) and upload it again");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "vdi|the disk with UUID 04030201-0605-0807-090a-0b0c0d0e0f10|VirtualBox's VBoxManage clonemedium)",
        "vhdx|'..\\base.vhdx'|Hyper-V's Merge-VHD)",
    })
    void differencing_ofADiskQemuRefuses_saysTheVmWouldNotStart(String format, String parent, String tool) {
        assertThat(VolumeStreams.differencing(Path.of("/srv/child"), "disk", new DifferencingDisks.DifferencingDisk(
                FormatType.of(format), Optional.of(parent), false))).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("cannot upload /srv/child to volume disk: it is a " + format
                        + " differencing disk whose parent is " + parent + ", and QEMU refuses to open it, so a VM"
                        + " using the volume would fail to start; merge it with its parent")
                .hasMessageContaining("(" + tool + " and upload that")
                .hasMessageContaining("not even UploadOptions.withBackingFile(true)");
        assertThat(VolumeStreams.differencing(Path.of("c"), "d", new DifferencingDisks.DifferencingDisk(
                FormatType.of(format), Optional.empty(), false)).getMessage())
                .contains("differencing disk whose parent is not named within the bytes read, and");
    }
}
