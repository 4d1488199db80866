package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
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
            // qemu-img's LUKS key setup times its PBKDF by the thread's CPU time first and exits 1 ("Unable
            // to get accurate CPU usage") when that clock has not moved: 4 of 20 tries on this VM. Up to ten
            // tries tell that from a real failure
            for (int attempt = 1; attempt < 10 && made.exitCode() != 0 && format.equals("luks"); attempt++) {
                Files.deleteIfExists(image);
                made = CommandRunner.run(Duration.ofSeconds(60), create);
            }
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

    /** The files {@code data}'s header names, as messages describe them. */
    private static List<String> named(byte[] data) {
        return ImageFormats.namedFiles(data, data.length).stream().map(ImageFormats.NamedFile::describe).toList();
    }

    /** {@code parts} written one after another into {@code data} from {@code offset}. */
    private static byte[] put(byte[] data, int offset, byte[]... parts) {
        int at = offset;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, data, at, part.length);
            at += part.length;
        }
        return data;
    }

    private static byte[] be64(long value) {
        return java.nio.ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] be32(int value) {
        return java.nio.ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] le64(long value) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static byte[] le32(int value) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A qcow2 header of {@code version} (2: extensions at 72; 3: header_length 112) naming {@code backing} at 512. */
    private static byte[] qcow2(int version, String backing) {
        byte[] data = data(4096, 0, "514649fb0000000" + version);
        put(data, 20, be32(16));                                          // cluster_bits
        if (version >= 3) {
            put(data, 100, be32(112));                                    // header_length
        }
        if (backing != null) {
            put(data, 8, be64(512));
            put(data, 16, be32(ascii(backing).length));
            put(data, 512, ascii(backing));
        }
        return data;
    }

    @Test
    void namedFiles_ofSelfContainedImagesAndOtherFormats_isEmpty() {
        assertThat(named(qcow2(2, null))).isEmpty();
        assertThat(named(qcow2(3, null))).isEmpty();
        assertThat(named(data(512, 0, "t:QED"))).isEmpty();
        assertThat(named(data(512, 0, "t:KDMV"))).isEmpty();
        assertThat(named(data(512, 0, "t:OOOM"))).isEmpty();
        assertThat(named(new byte[4096])).isEmpty();
        // a raw disk that happens to hold such text is raw: nothing is read from it
        assertThat(named(put(new byte[4096], 0, ascii("x parentFileNameHint=\"/etc/shadow\"")))).isEmpty();
        assertThat(named(data(4, 0, "514649fb"))).isEmpty();
    }

    @ParameterizedTest(name = "qcow2 version {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3})
    void namedFiles_ofQcow2_namesTheBackingFile(int version) {
        assertThat(named(qcow2(version, "/etc/shadow"))).containsExactly("backing file '/etc/shadow'");
        // a qcow (version 1) header keeps the backing file at the same place
        assertThat(named(put(qcow2(3, "../base.img"), 4, be32(1)))).containsExactly("backing file '../base.img'");
        // an offset with no size names nothing (QEMU reads an empty name as no backing file)
        assertThat(named(put(qcow2(version, "x"), 16, be32(0)))).isEmpty();
    }

    @Test
    void namedFiles_ofQcow2_namesTheExternalDataFile_byItsExtensionOrItsFeatureBit() {
        byte[] v3 = qcow2(3, null);
        put(v3, 112, be32(0x44415441));
        put(v3, 116, be32(8));
        put(v3, 120, ascii("data.raw"));
        assertThat(named(v3)).containsExactly("external data file 'data.raw'");

        byte[] afterAnother = qcow2(3, "base");               // a backing format extension first, then DATA
        put(afterAnother, 112, be32(0xe2792aca), be32(5));
        put(afterAnother, 120, ascii("qcow2"));
        put(afterAnother, 128, be32(0x44415441), be32(11));
        put(afterAnother, 136, ascii("/dev/sda1\n!"));
        assertThat(named(afterAnother)).containsExactly("backing file 'base'",
                "external data file '/dev/sda1\\x0a!'");

        byte[] v2 = qcow2(2, null);
        put(v2, 72, be32(0x44415441), be32(4));
        put(v2, 80, ascii("disk"));
        assertThat(named(v2)).containsExactly("external data file 'disk'");

        byte[] bitOnly = put(qcow2(3, null), 72, be64(4));    // incompatible feature: external data file
        assertThat(named(bitOnly)).containsExactly("external data file (its name lies beyond the first 64 KiB"
                + " of the header)");
        // the bit in a version 2 header's place is not a feature field
        assertThat(named(put(qcow2(2, null), 72, be64(4)))).isEmpty();
    }

    @Test
    void namedFiles_whoseNameLiesBeyondTheBytesSeen_areNamedAnyway_andHostileOffsetsDoNotBreakIt() {
        assertThat(named(put(qcow2(3, "x"), 8, be64(70_000)))).containsExactly("backing file (its name lies"
                + " beyond the first 64 KiB of the header)");
        assertThat(named(put(put(qcow2(3, "x"), 8, be64(Long.MAX_VALUE)), 16, be32(-1))))
                .containsExactly("backing file (its name lies beyond the first 64 KiB of the header)");
        assertThat(named(put(qcow2(3, "x"), 8, be64(-8)))).hasSize(1);
        byte[] loop = put(qcow2(3, null), 100, be32(-16));     // header_length far away: no extension read
        assertThat(named(loop)).isEmpty();
        byte[] huge = put(qcow2(3, null), 112, be32(0x12345678), be32(-1));   // an extension longer than the data
        assertThat(named(huge)).isEmpty();
        String long_ = "a".repeat(1000);
        assertThat(named(qcow2(3, long_))).singleElement().asString().hasSize("backing file ''".length() + 203)
                .endsWith("a...'");
    }

    @Test
    void namedFiles_ofQed_namesTheBackingFile_whenItsFeatureBitIsSet() {
        byte[] qed = data(4096, 0, "t:QED");
        put(qed, 56, le32(64), le32(10));
        put(qed, 64, ascii("base.qcow2"));
        assertThat(named(qed)).as("no feature bit, no backing file").isEmpty();

        put(qed, 16, le64(1));
        assertThat(named(qed)).containsExactly("backing file 'base.qcow2'");
        assertThat(named(put(qed, 56, le32(-4)))).containsExactly("backing file (its name lies beyond the first"
                + " 64 KiB of the header)");
    }

    @Test
    void namedFiles_ofVmdk_namesTheParent_andTheExtentsOfADescriptorFile() {
        byte[] sparse = data(4096, 0, "t:KDMV");
        put(sparse, 28, le64(1), le64(20));                    // the descriptor at sector 1
        put(sparse, 512, ascii("# Disk DescriptorFile\nparentCID=1\nparentFileNameHint=\"/var/lib/x.vmdk\"\n"
                + "RW 32768 SPARSE \"self.vmdk\"\n"));
        assertThat(named(sparse)).containsExactly("parent '/var/lib/x.vmdk'");
        assertThat(named(put(sparse, 28, le64(1000)))).containsExactly("parent (its name lies beyond the first"
                + " 64 KiB of the header)");
        assertThat(named(put(sparse, 28, le64(Long.MIN_VALUE)))).hasSize(1);
        assertThat(named(put(sparse, 28, le64(0)))).isEmpty();

        byte[] descriptor = ascii("# Disk DescriptorFile\nversion=1\nparentCID=ffffffff\ncreateType=\"twoGbMaxExtentFlat\"\n"
                + "RW 2048 FLAT \"/etc/shadow\" 0\nRDONLY 100 FLAT \"b-f002.vmdk\" 0\nRW 10 ZERO\n");
        assertThat(named(descriptor)).containsExactly("extent '/etc/shadow'", "extent 'b-f002.vmdk'");
    }

    @Test
    void namedFiles_ofCow_namesTheBackingFile() {
        byte[] cow = data(2048, 0, "t:OOOM");
        put(cow, 4, be32(2));
        put(cow, 8, ascii("/home/u/root_fs"));
        assertThat(named(cow)).containsExactly("backing file '/home/u/root_fs'");
    }

    @Test
    void namedFiles_ofRandomHeadersWithAKnownMagic_neverFails() {
        Random random = new Random(17);
        for (String magic : List.of("514649fb00000003", "514649fb00000002", "514649fb00000001", "51454400",
                "4b444d56", "4f4f4f4d")) {
            for (int i = 0; i < 2000; i++) {
                byte[] bytes = new byte[random.nextInt(600)];
                random.nextBytes(bytes);
                byte[] head = HexFormat.of().parseHex(magic);
                System.arraycopy(head, 0, bytes, 0, Math.min(head.length, bytes.length));
                assertThat(ImageFormats.namedFiles(bytes, bytes.length)).allSatisfy(f -> assertThat(f.describe())
                        .doesNotContain("\n", "\r"));
            }
        }
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void namedFiles_agreeWithQemuImg_onImagesItCreates() throws IOException {
        qemuImg("create", "-f", "qcow2", tmp.resolve("base.qcow2").toString(), "16M");
        qemuImg("create", "-f", "vmdk", tmp.resolve("base.vmdk").toString(), "16M");
        assertThat(namedIn(qemuImg("create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "x.qcow2")))
                .containsExactly("backing file 'base.qcow2'");
        assertThat(namedIn(qemuImg("create", "-f", "qcow2", "-o", "compat=0.10", "-b", tmp.resolve("base.qcow2")
                .toString(), "-F", "qcow2", "v2.qcow2"))).containsExactly("backing file '" + tmp.resolve("base.qcow2")
                + "'");
        assertThat(namedIn(qemuImg("create", "-f", "qcow2", "-o", "data_file=data.raw", "d.qcow2", "16M")))
                .containsExactly("external data file 'data.raw'");
        assertThat(namedIn(qemuImg("create", "-f", "qed", "-b", "base.qcow2", "-F", "qcow2", "x.qed")))
                .containsExactly("backing file 'base.qcow2'");
        assertThat(namedIn(qemuImg("create", "-f", "qcow", "-b", "base.qcow2", "-F", "qcow2", "x.qcow")))
                .containsExactly("backing file 'base.qcow2'");
        assertThat(namedIn(qemuImg("create", "-f", "vmdk", "-b", "base.vmdk", "-F", "vmdk", "x.vmdk")))
                .containsExactly("parent 'base.vmdk'");
        assertThat(namedIn(qemuImg("create", "-f", "vmdk", "-o", "subformat=monolithicFlat", "f.vmdk", "16M")))
                .containsExactly("extent 'f-flat.vmdk'");
        for (String format : List.of("qcow2", "qcow", "qed", "vmdk", "raw", "vpc", "vdi", "vhdx")) {
            assertThat(namedIn(qemuImg("create", "-f", format, "self." + format, "16M"))).as(format).isEmpty();
        }
    }

    /** Runs qemu-img in the temporary directory; returns the image it made (the argument before the size, or the last). */
    private Path qemuImg(String... args) {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        command.add(2, "-q");
        CommandResult made = CommandRunner.run(Duration.ofSeconds(60), command, tmp, java.util.Map.of());
        assertThat(made.exitCode()).as(made.describe()).isZero();
        String last = args[args.length - 1];
        return tmp.resolve(last.matches("\\d+M") ? args[args.length - 2] : last);
    }

    private static List<String> namedIn(Path image) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(image)) {
            head = in.readNBytes(ImageFormats.HEAD);
        }
        return named(head);
    }
}
