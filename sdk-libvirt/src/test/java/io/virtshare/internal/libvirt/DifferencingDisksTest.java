package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.storage.FormatType;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Telling a differencing vpc, vdi or vhdx disk, whose parent QEMU does not read, from its header. */
class DifferencingDisksTest {
    private static final byte[] UUID = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    /** {@link #UUID} as VirtualBox prints it: its first three fields stored little-endian. */
    private static final String UUID_TEXT = "04030201-0605-0807-090a-0b0c0d0e0f10";

    @TempDir
    Path tmp;

    /** The differencing disk the file at {@code image} is, read as an upload reads it. */
    private static Optional<DifferencingDisks.DifferencingDisk> of(Path image) throws IOException {
        try (FileChannel file = FileChannel.open(image)) {
            byte[] head = ImageBytes.of(file).read(0, ImageFormats.HEAD);
            return DifferencingDisks.of(head, head.length, ImageBytes.of(file));
        }
    }

    /** The file of one case below, made from a dynamic image that qemu-img creates. */
    private Path image(String kind) throws IOException {
        Map<String, String> locator = new LinkedHashMap<>();
        switch (kind) {
            case "vhd":
                return DifferencingImages.vhd(tmp, "child.vhd", "base.vhd");
            case "vhd-windows-path":
                return DifferencingImages.vhd(tmp, "child.vhd", "C:\\VMs\\Base Disk.vhd");
            case "vhd-hostile-name":
                return DifferencingImages.vhd(tmp, "child.vhd", "a\nb\u0007" + "x".repeat(300));
            case "vdi-linked":
                return DifferencingImages.vdi(tmp, "child.vdi", 4, UUID, UUID);
            case "vdi-parent-change-only":
                return DifferencingImages.vdi(tmp, "child.vdi", 1, null, UUID);
            case "vdi-undo":
                return DifferencingImages.vdi(tmp, "child.vdi", 3, UUID, null);
            case "vdi-type-only":
                return DifferencingImages.vdi(tmp, "child.vdi", 4, null, null);
            case "vhdx-no-locator":
                return DifferencingImages.vhdx(tmp, "child.vhdx", Map.of());
            case "vhdx-paths":
                locator.put("parent_linkage", "{83ee1ac2-2dff-4ec5-a6b4-0b3bcbd8cbd5}");
                locator.put("absolute_win32_path", "C:\\VMs\\base.vhdx");
                locator.put("relative_path", "..\\base.vhdx");
                return DifferencingImages.vhdx(tmp, "child.vhdx", locator);
            case "vhdx-linkage-only":
                locator.put("parent_linkage", "{83ee1ac2-2dff-4ec5-a6b4-0b3bcbd8cbd5}");
                return DifferencingImages.vhdx(tmp, "child.vhdx", locator);
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "vhd|a vpc differencing disk whose parent is 'base.vhd'|true",
        "vhd-windows-path|a vpc differencing disk whose parent is 'C:\\VMs\\Base Disk.vhd'|true",
        "vdi-linked|a vdi differencing disk whose parent is the disk with UUID " + UUID_TEXT + "|false",
        "vdi-parent-change-only|a vdi differencing disk whose parent is the disk with UUID " + UUID_TEXT + "|false",
        "vdi-undo|a vdi differencing disk whose parent is the disk with UUID " + UUID_TEXT + "|false",
        "vdi-type-only|a vdi differencing disk whose parent is not named within the bytes read|true",
        "vhdx-no-locator|a vhdx differencing disk whose parent is not named within the bytes read|false",
        "vhdx-paths|a vhdx differencing disk whose parent is '..\\base.vhdx'|false",
        "vhdx-linkage-only|a vhdx differencing disk whose parent is '{83ee1ac2-2dff-4ec5-a6b4-0b3bcbd8cbd5}'|false",
    })
    @RequiresHost(HostTool.QEMU_IMG)
    void of_findsTheDifferencingDiskAndItsParent_andQemuImgAgreesOnWhetherItOpensIt(String kind, String described,
            boolean openedWithoutParent) throws IOException {
        Path image = image(kind);

        DifferencingDisks.DifferencingDisk disk = of(image).orElseThrow();

        assertThat(disk.describe()).isEqualTo(described);
        assertThat(disk.openedWithoutParent()).isEqualTo(openedWithoutParent);
        CommandResult info = CommandRunner.run(Duration.ofSeconds(60), List.of("qemu-img", "info", image.toString()));
        if (openedWithoutParent) {
            assertThat(info.exitCode()).as("QEMU opens it, " + info.describe()).isZero();
            assertThat(info.stdout()).as("and names no parent").doesNotContain("backing file");
        } else {
            assertThat(info.exitCode()).as("QEMU refuses it, " + info.describe()).isNotZero();
        }
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void of_aVhdWhoseParentNameHasControlCharacters_quotesItPrintableAndCutShort() throws IOException {
        String described = of(image("vhd-hostile-name")).orElseThrow().describe();

        assertThat(described).startsWith("a vpc differencing disk whose parent is 'a\\x0ab\\x07xxx")
                .endsWith("x...'").doesNotContain("\n").hasSizeLessThan(260);
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void of_aVhdOfWhichOnlyTheFooterCopyWasRead_isDifferencingWithItsParentUnnamed() throws IOException {
        byte[] head = Files.readAllBytes(image("vhd"));

        assertThat(DifferencingDisks.of(head, 600, ImageBytes.NONE)).hasValueSatisfying(disk -> assertThat(
                disk.describe()).isEqualTo("a vpc differencing disk whose parent is not named within the bytes read"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vpc", "vpc-fixed", "vdi", "vdi-static", "vhdx", "vhdx-fixed", "qcow2", "raw", "vmdk", "qed"})
    @RequiresHost(HostTool.QEMU_IMG)
    void of_aSelfContainedImage_isNoDifferencingDisk(String kind) throws IOException {
        String format = kind.replaceAll("-.*", "");
        Path image = tmp.resolve("self." + format);
        List<String> create = new java.util.ArrayList<>(List.of("qemu-img", "create", "-q", "-f", format));
        if (kind.endsWith("-fixed")) {
            create.addAll(List.of("-o", "subformat=fixed"));
        } else if (kind.endsWith("-static")) {
            create.addAll(List.of("-o", "static=on"));
        }
        create.addAll(List.of(image.toString(), "16M"));
        CommandResult made = CommandRunner.run(Duration.ofSeconds(60), create);
        assertThat(made.exitCode()).as(made.describe()).isZero();

        assertThat(of(image)).isEmpty();
    }

    // --- headers as an attacker or a truncated copy may write them: never an exception ----------

    /** A vpc head: the footer copy with disk type {@code type} and the dynamic header at {@code header}. */
    private static byte[] vpc(int length, int type, long header) {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        bytes.put("conectix".getBytes(StandardCharsets.US_ASCII)).putLong(16, header).putInt(60, type);
        return bytes.array();
    }

    @ParameterizedTest(name = "dynamic header at {0}")
    @ValueSource(longs = {-1, Long.MIN_VALUE, Long.MAX_VALUE, 65536, 65536 - 575, 4_294_967_296L})
    void of_aVhdWhoseDynamicHeaderLiesOutsideTheHead_namesNoParent(long header) throws IOException {
        byte[] head = vpc(65536, 4, header);

        assertThat(DifferencingDisks.of(head, head.length, ImageBytes.NONE)).hasValueSatisfying(disk -> assertThat(
                disk.parent()).isEmpty());
        assertThat(DifferencingDisks.of(vpc(65536, 3, header), 65536, ImageBytes.NONE)).as("dynamic").isEmpty();
        assertThat(DifferencingDisks.of(vpc(65536, 2, header), 65536, ImageBytes.NONE)).as("fixed").isEmpty();
    }

    @Test
    void of_aVhdWhoseParentNameFillsAllItsBytes_takesThemAll() throws IOException {
        byte[] head = vpc(65536, 4, 512);
        ByteBuffer.wrap(head).put(512 + 64, "y".repeat(256).getBytes(StandardCharsets.UTF_16BE));

        assertThat(DifferencingDisks.of(head, head.length, ImageBytes.NONE).orElseThrow().parent())
                .hasValue("'" + "y".repeat(200) + "...'");
    }

    @Test
    void of_headsCutShortAnywhere_neverFail() throws IOException {
        byte[] vpc = vpc(2048, 4, 512);
        byte[] vdi = new byte[1024];
        ByteBuffer.wrap(vdi).order(ByteOrder.LITTLE_ENDIAN).putInt(0x40, 0xbeda107f).putInt(0x4C, 4)
                .put(0x1A8, UUID).put(0x1B8, UUID);
        for (int length = 0; length <= 1024; length++) {
            for (byte[] head : List.of(vpc, vdi)) {
                int n = length;
                assertThatCode(() -> DifferencingDisks.of(head, n, ImageBytes.NONE)).doesNotThrowAnyException();
            }
        }
        assertThat(DifferencingDisks.of(vdi, 0x50, ImageBytes.NONE)).as("the type alone").isPresent();
        assertThat(DifferencingDisks.of(vdi, 0x4F, ImageBytes.NONE)).as("not even the type").isEmpty();
    }

    /**
     * A vhdx as small as one can be for these checks: the region table at 192 KiB naming the
     * metadata region at 256 KiB, whose table names File Parameters (HasParent) and a Parent Locator.
     */
    private static byte[] vhdx(Map<String, String> locator) {
        int metadata = 256 * 1024;
        byte[] item = DifferencingImages.locatorItem(locator);
        ByteBuffer bytes = ByteBuffer.allocate(metadata + 64 * 1024 + 4096 + item.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.put("vhdxfile".getBytes(StandardCharsets.US_ASCII));
        int regions = 192 * 1024;
        bytes.put(regions, "regi".getBytes(StandardCharsets.US_ASCII)).putInt(regions + 8, 1)
                .put(regions + 16, VhdxMetadata.METADATA_REGION).putLong(regions + 32, metadata)
                .putInt(regions + 40, 1024 * 1024);
        bytes.put(metadata, "metadata".getBytes(StandardCharsets.US_ASCII)).putShort(metadata + 10, (short) 2);
        bytes.put(metadata + 32, VhdxMetadata.FILE_PARAMETERS).putInt(metadata + 48, 64 * 1024)
                .putInt(metadata + 52, 8);
        bytes.put(metadata + 64, VhdxMetadata.PARENT_LOCATOR).putInt(metadata + 80, 64 * 1024 + 4096)
                .putInt(metadata + 84, item.length);
        bytes.putInt(metadata + 64 * 1024, 1 << 20).putInt(metadata + 64 * 1024 + 4, VhdxMetadata.HAS_PARENT);
        bytes.put(metadata + 64 * 1024 + 4096, item);
        return bytes.array();
    }

    private static Optional<DifferencingDisks.DifferencingDisk> ofBytes(byte[] file) throws IOException {
        return DifferencingDisks.of(file, ImageFormats.HEAD, ImageBytes.of(file));
    }

    @Test
    void of_aVhdx_readsHasParentAndTheParentsPath_throughTheRegionTable() throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("volume_path", "\\\\?\\Volume{1}\\base.vhdx");
        keys.put("parent_linkage", "{x}");
        assertThat(ImageFormats.detect(vhdx(keys), ImageFormats.HEAD)).isEqualTo(FormatType.of("vhdx"));
        assertThat(ofBytes(vhdx(keys)).orElseThrow().parent()).hasValue("'\\\\?\\Volume{1}\\base.vhdx'");

        byte[] self = vhdx(keys);
        ByteBuffer.wrap(self).order(ByteOrder.LITTLE_ENDIAN).putInt(256 * 1024 + 64 * 1024 + 4, 0);
        assertThat(ofBytes(self)).as("HasParent clear").isEmpty();
        assertThat(ofBytes(vhdx(Map.of("unknown_key", "x"))).orElseThrow().parent()).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {2}")
    @CsvSource({
        // where in the small vhdx, how many bytes, what value: offsets, lengths and counts out of range
        "region table count, 196616, 4, ffffffff",
        "metadata region offset, 196640, 8, ffffffffffffff7f",
        "metadata region offset, 196640, 8, 0000000000000080",
        "metadata region offset, 196640, 8, 0000000001000000",
        "metadata region offset, 196640, 8, f0ff030000000000",
        "metadata table count, 262154, 2, ffff",
        "file parameters offset, 262192, 4, ffffffff",
        "file parameters offset, 262192, 4, fcff0400",
        "parent locator offset, 262224, 4, ffffffff",
        "parent locator length, 262228, 4, ffffffff",
        "parent locator count, 331794, 2, ffff",
        "first key offset, 331796, 4, ffffffff",
        "first key length, 331804, 2, ffff",
        "first value offset, 331800, 4, f0ffffff",
        "first value length, 331806, 2, ffff",
    })
    void of_aVhdxWithHostileOffsetsLengthsOrCounts_neverFails(String field, int at, int size, String value) {
        byte[] file = vhdx(Map.of("relative_path", "base.vhdx"));
        System.arraycopy(HexFormat.of().parseHex(value), 0, file, at, size);

        assertThatCode(() -> ofBytes(file)).doesNotThrowAnyException();
    }

    @Test
    void of_vhdxAndVdiAndVpcHeadersWithRandomBytes_neverFail() throws IOException {
        Random random = new Random(23);
        byte[] vhdx = vhdx(Map.of("relative_path", "base.vhdx", "parent_linkage", "{x}"));
        int[] areas = {192 * 1024, 256 * 1024, 256 * 1024 + 64 * 1024, 256 * 1024 + 64 * 1024 + 4096};
        for (int i = 0; i < 3000; i++) {
            int at = areas[random.nextInt(areas.length)] + random.nextInt(96);
            byte[] old = java.util.Arrays.copyOfRange(vhdx, at, at + 8);
            for (int j = 0; j < 8; j++) {
                vhdx[at + j] = (byte) random.nextInt();
            }
            assertThat(ofBytes(vhdx).map(DifferencingDisks.DifferencingDisk::describe).orElse(""))
                    .doesNotContain("\n", "\r");
            System.arraycopy(old, 0, vhdx, at, 8);
        }
        for (int i = 0; i < 3000; i++) {
            byte[] head = new byte[random.nextInt(2048)];
            random.nextBytes(head);
            byte[] magic = i % 2 == 0 ? "conectix".getBytes(StandardCharsets.US_ASCII) : null;
            if (magic != null) {
                System.arraycopy(magic, 0, head, 0, Math.min(8, head.length));
            } else if (head.length >= 68) {
                ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putInt(0x40, 0xbeda107f);
            }
            assertThat(DifferencingDisks.of(head, head.length, ImageBytes.NONE)
                    .map(DifferencingDisks.DifferencingDisk::describe).orElse("")).doesNotContain("\n", "\r");
        }
    }

    @Test
    void vhdxGuids_areStoredWithTheirFirstThreeFieldsLittleEndian() {
        assertThat(HexFormat.of().formatHex(VhdxMetadata.FILE_PARAMETERS)).isEqualTo("3767a1ca36fa434db3b633f0aa44e76b");
    }
}
