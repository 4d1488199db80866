package io.virtshare.internal.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The metadata items of a vhdx file, found as QEMU finds them: the region table at 192 KiB
 * names the metadata region, whose table names each item by GUID. All of this lies beyond the
 * first 64 KiB that tell the format, so it is read from the file, each read bounded (a table
 * is at most 64 KiB, an item at most what its caller asks for) and every offset checked:
 * a header is untrusted input.
 */
final class VhdxMetadata {
    /** Where the (first) region table starts; QEMU reads only this one. */
    static final long REGION_TABLE = 192 * 1024;
    /** The most bytes a region table or a metadata table takes (2047 entries of 32 bytes and a header). */
    static final int TABLE = 64 * 1024;
    /** The metadata region's GUID in the region table. */
    static final byte[] METADATA_REGION = guid("8b7ca206-4790-4b9a-b8fe-575f050f886e");
    /** The File Parameters item: block size, then flags (bit 1: HasParent). */
    static final byte[] FILE_PARAMETERS = guid("caa16737-fa36-4d43-b3b6-33f0aa44e76b");
    /** The Parent Locator item of a differencing file. */
    static final byte[] PARENT_LOCATOR = guid("a8d35f2d-b30b-454d-abf7-d3d84834ab0c");
    /** File Parameters' flag that says the file is a differencing disk. */
    static final int HAS_PARENT = 0x2;

    /** The parent locator keys that name the parent, most readable first. */
    private static final List<String> PARENT_KEYS = List.of("relative_path", "absolute_win32_path", "volume_path",
            "parent_linkage");
    private static final int REGION_SIGNATURE = 0x69676572;   // "regi"
    private static final int MAX_ENTRIES = 2047;

    private VhdxMetadata() {
    }

    /**
     * The first {@code max} bytes of the metadata item {@code id}, or empty when the region
     * table, the metadata table or the item cannot be found within the file.
     */
    static Optional<byte[]> item(ImageBytes file, byte[] id, int max) throws IOException {
        byte[] regions = file.read(REGION_TABLE, TABLE);
        if (regions.length < 16 || ImageFormats.int32le(regions, 0) != REGION_SIGNATURE) {
            return Optional.empty();
        }
        long metadata = -1;
        int count = (int) Math.min(ImageFormats.int32le(regions, 8) & 0xffffffffL, MAX_ENTRIES);
        for (int i = 0, at = 16; i < count && at + 32 <= regions.length; i++, at += 32) {
            if (Arrays.equals(regions, at, at + 16, METADATA_REGION, 0, 16)) {
                metadata = ImageFormats.int64le(regions, at + 16);
                break;
            }
        }
        if (metadata < 0 || metadata > Long.MAX_VALUE - (1L << 33)) {
            return Optional.empty();
        }
        byte[] table = file.read(metadata, TABLE);
        if (table.length < 32 || !new String(table, 0, 8, StandardCharsets.US_ASCII).equals("metadata")) {
            return Optional.empty();
        }
        int entries = Math.min((table[10] & 0xff) | (table[11] & 0xff) << 8, MAX_ENTRIES);
        for (int i = 0, at = 32; i < entries && at + 32 <= table.length; i++, at += 32) {
            if (Arrays.equals(table, at, at + 16, id, 0, 16)) {
                long offset = ImageFormats.int32le(table, at + 16) & 0xffffffffL;
                long length = ImageFormats.int32le(table, at + 20) & 0xffffffffL;
                return Optional.of(file.read(metadata + offset, (int) Math.min(length, max)));
            }
        }
        return Optional.empty();
    }

    /**
     * The parent a Parent Locator item names: the value of its first key of {@code relative_path},
     * {@code absolute_win32_path}, {@code volume_path}, {@code parent_linkage} (UTF-16LE, at offsets
     * from the item's start), made printable; empty when none lies within {@code locator}.
     */
    static Optional<String> parent(byte[] locator) {
        if (locator.length < 20) {
            return Optional.empty();
        }
        int count = (locator[18] & 0xff) | (locator[19] & 0xff) << 8;
        Optional<String> best = Optional.empty();
        int rank = PARENT_KEYS.size();
        for (int i = 0, at = 20; i < count && at + 12 <= locator.length; i++, at += 12) {
            Optional<String> key = utf16le(locator, ImageFormats.int32le(locator, at) & 0xffffffffL,
                    (locator[at + 8] & 0xff) | (locator[at + 9] & 0xff) << 8);
            int keyRank = key.map(PARENT_KEYS::indexOf).filter(r -> r >= 0).orElse(rank);
            if (keyRank < rank) {
                Optional<String> value = utf16le(locator, ImageFormats.int32le(locator, at + 4) & 0xffffffffL,
                        (locator[at + 10] & 0xff) | (locator[at + 11] & 0xff) << 8);
                if (value.isPresent()) {
                    best = value.map(ImageFormats::printable);
                    rank = keyRank;
                }
            }
        }
        return best;
    }

    private static Optional<String> utf16le(byte[] data, long offset, int length) {
        if (offset > data.length || length > data.length - offset) {
            return Optional.empty();
        }
        return Optional.of(new String(data, (int) offset, length, StandardCharsets.UTF_16LE));
    }

    /** The bytes of a GUID as Microsoft formats store it: the first three fields little-endian. */
    static byte[] guid(String text) {
        UUID uuid = UUID.fromString(text);
        byte[] bytes = new byte[16];
        long high = uuid.getMostSignificantBits();
        long low = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        int data1 = (int) (high >>> 32);
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (data1 >>> (8 * i));
        }
        bytes[4] = (byte) (high >>> 16);
        bytes[5] = (byte) (high >>> 24);
        bytes[6] = (byte) high;
        bytes[7] = (byte) (high >>> 8);
        return bytes;
    }
}
