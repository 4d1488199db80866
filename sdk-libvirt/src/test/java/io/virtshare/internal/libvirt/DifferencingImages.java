package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Differencing vpc, vdi and vhdx files for tests. QEMU cannot create them, so each starts as a
 * dynamic image made by {@code qemu-img create} and has the fields of a differencing disk
 * written into its header, as Hyper-V or VirtualBox would write them: the vpc disk type (in
 * both footers, their checksums recomputed) and parent name, the vdi image type and parent
 * UUIDs, the vhdx HasParent flag and a Parent Locator item.
 */
final class DifferencingImages {
    private DifferencingImages() {
    }

    /** A dynamic image of {@code format} made by qemu-img in {@code dir} (16 MiB). */
    static Path dynamic(Path dir, String format, String name) {
        Path image = dir.resolve(name);
        List<String> create = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", format));
        if (format.equals("vpc")) {
            create.addAll(List.of("-o", "subformat=dynamic"));
        }
        create.addAll(List.of(image.toString(), "16M"));
        CommandResult made = CommandRunner.run(Duration.ofSeconds(60), create);
        assertThat(made.exitCode()).as(made.describe()).isZero();
        return image;
    }

    /** A differencing VHD whose dynamic header names {@code parent} (UTF-16BE, at most 256 characters). */
    static Path vhd(Path dir, String name, String parent) throws IOException {
        Path image = dynamic(dir, "vpc", name);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(image));
        int header = (int) bytes.getLong(16);
        byte[] utf16 = parent.getBytes(StandardCharsets.UTF_16BE);
        bytes.put(header + 64, utf16, 0, Math.min(utf16.length, 512));
        checksum(bytes, header, 1024, 36);
        for (int footer : new int[] {0, bytes.capacity() - 512}) {
            bytes.putInt(footer + 60, 4);                              // disk type: differencing
            checksum(bytes, footer, 512, 64);
        }
        return Files.write(image, bytes.array());
    }

    /** VHD's checksum: the one's complement of the sum of {@code size} bytes from {@code at}, its own field zeroed. */
    private static void checksum(ByteBuffer bytes, int at, int size, int field) {
        bytes.putInt(at + field, 0);
        int sum = 0;
        for (int i = at; i < at + size; i++) {
            sum += bytes.get(i) & 0xff;
        }
        bytes.putInt(at + field, ~sum);
    }

    /**
     * A vdi of image {@code type} whose header holds {@code link} (the parent's UUID, at 0x1A8) and
     * {@code parentChange} (the UUID of its last change, at 0x1B8), each 16 bytes or null for zeros.
     */
    static Path vdi(Path dir, String name, int type, byte[] link, byte[] parentChange) throws IOException {
        Path image = dynamic(dir, "vdi", name);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(image)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(0x4C, type);
        if (link != null) {
            bytes.put(0x1A8, link);
        }
        if (parentChange != null) {
            bytes.put(0x1B8, parentChange);
        }
        return Files.write(image, bytes.array());
    }

    /**
     * A vhdx with the HasParent flag set and, unless {@code locator} is empty, a Parent Locator item
     * (of type "VHDX") holding those keys and values.
     */
    static Path vhdx(Path dir, String name, Map<String, String> locator) throws IOException {
        Path image = dynamic(dir, "vhdx", name);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(image)).order(ByteOrder.LITTLE_ENDIAN);
        int metadata = metadataRegion(bytes);
        assertThat(metadata).as("the metadata region of " + image).isPositive();
        int entries = bytes.getShort(metadata + 10);
        int parameters = fileParameters(bytes);
        bytes.putInt(parameters + 4, bytes.getInt(parameters + 4) | VhdxMetadata.HAS_PARENT);
        if (!locator.isEmpty()) {
            int item = 64 * 1024 + 4096;                               // past the items qemu-img wrote
            byte[] data = locatorItem(locator);
            bytes.put(metadata + item, data);
            int at = metadata + 32 + 32 * entries;
            bytes.put(at, VhdxMetadata.PARENT_LOCATOR).putInt(at + 16, item).putInt(at + 20, data.length)
                    .putInt(at + 24, 4);                               // IsRequired
            bytes.putShort(metadata + 10, (short) (entries + 1));
        }
        return Files.write(image, bytes.array());
    }

    /** The log GUID that {@link #vhdxWithLog} gives the file. */
    static final String LOG_GUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final long LOG_SEQUENCE = 5;

    /**
     * A vhdx left as a crash leaves it: its current header names a log (GUID {@link #LOG_GUID},
     * checksum recomputed), whose one entry, valid for QEMU, rewrites the sector holding the File
     * Parameters item: with the HasParent flag set when {@code hasParentOnceReplayed}, as it is
     * otherwise. The file's own metadata is left as qemu-img wrote it.
     */
    static Path vhdxWithLog(Path dir, String name, boolean hasParentOnceReplayed) throws IOException {
        Path image = dynamic(dir, "vhdx", name);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(image)).order(ByteOrder.LITTLE_ENDIAN);
        int header = Long.compareUnsigned(bytes.getLong(128 * 1024 + 8), bytes.getLong(64 * 1024 + 8)) > 0
                ? 128 * 1024 : 64 * 1024;
        bytes.put(header + 48, VhdxMetadata.guid(LOG_GUID));
        bytes.putInt(header + 4, 0).putInt(header + 4, crc32c(bytes, header, 4096));
        int parameters = fileParameters(bytes);
        int sector = parameters & ~4095;
        ByteBuffer target = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN).put(bytes.slice(sector, 4096));
        if (hasParentOnceReplayed) {
            target.putInt(parameters - sector + 4, target.getInt(parameters - sector + 4) | VhdxMetadata.HAS_PARENT);
        }
        ByteBuffer entry = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        entry.put("loge".getBytes(StandardCharsets.US_ASCII)).putInt(8, 8192).putInt(12, 0)
                .putLong(16, LOG_SEQUENCE).putInt(24, 1).put(32, VhdxMetadata.guid(LOG_GUID))
                .putLong(48, bytes.capacity()).putLong(56, bytes.capacity());
        entry.put(64, "desc".getBytes(StandardCharsets.US_ASCII)).putInt(68, target.getInt(4092))
                .putLong(72, target.getLong(0)).putLong(80, sector).putLong(88, LOG_SEQUENCE);
        entry.put(4096, "data".getBytes(StandardCharsets.US_ASCII)).putInt(4100, (int) (LOG_SEQUENCE >>> 32))
                .put(4104, target.array(), 8, 4084).putInt(8188, (int) LOG_SEQUENCE);
        entry.putInt(4, crc32c(entry, 0, 8192));
        bytes.put((int) bytes.getLong(header + 72), entry.array());
        return Files.write(image, bytes.array());
    }

    /** Where the metadata region of the vhdx in {@code bytes} starts, as its region table says; -1 without one. */
    private static int metadataRegion(ByteBuffer bytes) {
        int metadata = -1;
        for (int i = 0, at = 192 * 1024 + 16; i < bytes.getInt(192 * 1024 + 8); i++, at += 32) {
            if (bytes.slice(at, 16).equals(ByteBuffer.wrap(VhdxMetadata.METADATA_REGION))) {
                metadata = (int) bytes.getLong(at + 16);
            }
        }
        return metadata;
    }

    /** Where the File Parameters item of the vhdx in {@code bytes} starts. */
    private static int fileParameters(ByteBuffer bytes) {
        int metadata = metadataRegion(bytes);
        for (int i = 0, at = metadata + 32; i < bytes.getShort(metadata + 10); i++, at += 32) {
            if (bytes.slice(at, 16).equals(ByteBuffer.wrap(VhdxMetadata.FILE_PARAMETERS))) {
                return metadata + bytes.getInt(at + 16);
            }
        }
        throw new AssertionError("no File Parameters item");
    }

    /** CRC-32C of {@code length} bytes of {@code bytes} from {@code at}, as an int to store. */
    static int crc32c(ByteBuffer bytes, int at, int length) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes.slice(at, length));
        return (int) crc.getValue();
    }

    /** A Parent Locator item: its type, the count, the entries, then the UTF-16LE keys and values. */
    static byte[] locatorItem(Map<String, String> pairs) {
        ByteBuffer item = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        item.put(VhdxMetadata.guid("b04aefb7-d19e-4a81-b789-25b8e9445913")).putShort((short) 0)
                .putShort((short) pairs.size());
        int strings = 20 + 12 * pairs.size();
        int entry = 20;
        for (Map.Entry<String, String> pair : new LinkedHashMap<>(pairs).entrySet()) {
            byte[] key = pair.getKey().getBytes(StandardCharsets.UTF_16LE);
            byte[] value = pair.getValue().getBytes(StandardCharsets.UTF_16LE);
            item.putInt(entry, strings).putInt(entry + 4, strings + key.length).putShort(entry + 8,
                    (short) key.length).putShort(entry + 10, (short) value.length);
            item.put(strings, key).put(strings + key.length, value);
            strings += key.length + value.length;
            entry += 12;
        }
        return java.util.Arrays.copyOf(item.array(), strings);
    }
}
