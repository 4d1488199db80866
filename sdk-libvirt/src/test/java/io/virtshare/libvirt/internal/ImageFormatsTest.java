package io.virtshare.libvirt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.process.CommandResult;
import io.virtshare.internal.process.CommandRunner;
import io.virtshare.storage.FormatType;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Telling a disk image's format from its header, and a volume's from its XML, as libvirt would. */
class ImageFormatsTest {
    @TempDir
    Path tmp;

    /** {@code head} (hex, or text after {@code t:}) at {@code offset} in otherwise zero bytes of {@code length}. */
    private static byte[] data(int length, int offset, String head) {
        byte[] bytes = head.startsWith("t:") ? head.substring(2).getBytes(StandardCharsets.ISO_8859_1)
                : HexFormat.of().parseHex(head);
        byte[] data = new byte[length];
        System.arraycopy(bytes, 0, data, offset, Math.min(bytes.length, length - offset));
        return data;
    }

    @ParameterizedTest(name = "{0} at {1} in {2} bytes -> {3}")
    @CsvSource(quoteCharacter = '"', value = {
        "514649fb00000003, 0, 512, qcow2",
        "514649fb00000002, 0, 512, qcow2",
        "514649fb00000001, 0, 512, qcow",
        "514649fb, 0, 4, qcow2",                      // the magic alone: never raw
        "t:QED, 0, 512, qed",
        "t:KDMV, 0, 512, vmdk",
        "t:# Disk DescriptorFile, 0, 512, vmdk",
        "t:conectix, 0, 512, vpc",
        "7f10dabe, 64, 512, vdi",
        "t:vhdxfile, 0, 512, vhdx",
        "4c554b53babe0001, 0, 592, luks",
        "4c554b53babe0002, 0, 4096, luks",
        "t:WithoutFreeSpace, 0, 512, ploop",
        "t:WithouFreSpacExt, 0, 512, ploop",
        "t:OOOM, 0, 512, cow",
        "t:CD001, 32769, 65536, iso",
        // raw: no header, or one cut short, or a magic at the wrong place
        "00, 0, 512, raw",
        "00, 0, 0, raw",
        "514649, 0, 3, raw",
        "t:QEM, 0, 512, raw",
        "t:qfi, 0, 512, raw",
        "7f10dabe, 0, 512, raw",
        "7f10da, 64, 67, raw",
        "t:CD001, 32768, 65536, raw",
        "t:CD001, 32769, 32772, raw",
        "t:LUKS, 0, 512, raw",
        "t:conectiX, 0, 512, raw",
        "t: QFI, 0, 512, raw",
    })
    void detect_readsTheHeader(String head, int offset, int length, String format) {
        assertThat(ImageFormats.detect(data(length, offset, head), length)).isEqualTo(FormatType.of(format));
    }

    @Test
    void detect_onlyLooksAtTheBytesItIsTold() {
        byte[] qcow2 = data(512, 0, "514649fb00000003");

        assertThat(ImageFormats.detect(qcow2, 3)).isEqualTo(FormatType.RAW);
        assertThat(ImageFormats.detect(qcow2, 100_000)).isEqualTo(FormatType.QCOW2);
    }

    @Test
    void detect_callsRandomBytesAndTextRaw() {
        Random random = new Random(16);
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[ImageFormats.HEAD];
            random.nextBytes(bytes);
            bytes[0] = (byte) 'x';   // no header starts with 'x'; the rest of the header area is random
            assertThat(ImageFormats.detect(bytes, bytes.length)).isEqualTo(FormatType.RAW);
        }
        byte[] text = "#!/bin/sh\necho hello\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(ImageFormats.detect(text, text.length)).isEqualTo(FormatType.RAW);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "<target><format type='qcow2'/></target>|qcow2",
        "<target><format type='raw'/></target>|raw",
        "<target><path>/v</path></target>|raw",
        "|raw",
        "<target><format type='none'/></target>|raw",          // a disk pool's partition
        "<target><format type='linux'/></target>|raw",
        "<target><format type='extended'/></target>|raw",
        "<target><format type='vhd'/></target>|vpc",
        "<target><format type='vpc'/></target>|vpc",
        "<target><format type='vmdk'/></target>|vmdk",
        "<target><format type='iso'/></target>|iso",
        "<target><format type='QCOW2'/></target>|qcow2",
        "<target><format type='raw'/><encryption format='luks'><secret type='passphrase' uuid='f52a81b2-424e-490c-823d-6bd4235bc572'/></encryption></target>|luks",
        "<target><format type='qcow2'/><encryption format='luks'><secret type='passphrase' uuid='f52a81b2-424e-490c-823d-6bd4235bc572'/></encryption></target>|qcow2",
    })
    void of_readsTheVolumesImageFormatFromItsXml(String target, String format) {
        String xml = "<volume><name>v</name>" + (target == null ? "" : target) + "</volume>";

        assertThat(ImageFormats.of(XmlCodec.defaults().readVolume(xml))).isEqualTo(FormatType.of(format));
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void detect_agreesWithQemuImg_onImagesItCreates() throws IOException {
        List<String> disagreements = new ArrayList<>();
        for (String format : List.of("raw", "qcow2", "qcow", "qed", "vmdk", "vpc", "vdi", "vhdx", "luks")) {
            Path image = tmp.resolve("image." + format);
            List<String> create = new ArrayList<>(List.of("qemu-img", "create", "-f", format));
            if (format.equals("luks")) {
                create.addAll(List.of("--object", "secret,id=sec0,data=passphrase", "-o", "key-secret=sec0"));
            }
            create.addAll(List.of(image.toString(), "16M"));
            CommandResult made = CommandRunner.run(Duration.ofSeconds(60), create);
            assertThat(made.exitCode()).as(made.describe()).isZero();
            byte[] head;
            try (InputStream in = Files.newInputStream(image)) {
                head = in.readNBytes(ImageFormats.HEAD);
            }
            FormatType detected = ImageFormats.detect(head, head.length);
            if (!detected.equals(FormatType.of(format))) {
                disagreements.add(format + " detected as " + detected + ", starting "
                        + HexFormat.of().formatHex(Arrays.copyOf(head, 16)));
            }
        }
        assertThat(disagreements).isEmpty();
    }
}
