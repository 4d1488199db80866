package io.virtshare.libvirt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.storage.FormatType;
import java.nio.file.Path;
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
}
