package io.virtshare.internal.libvirt;

import io.virtshare.storage.Encryption;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The disk image format of bytes, told from their header as libvirt and QEMU probe it, and
 * the image format of a volume, told from its XML. Raw data has no header, so raw is what
 * is left when no known header matches.
 *
 * <p>Why both: after an upload libvirt looks at the new bytes again, and a file volume takes
 * the format its header says — raw bytes make a qcow2 volume raw, and a qcow2 header makes
 * a raw volume qcow2 (with whatever backing file that header names). Comparing the two
 * before the upload tells whether it would change the volume's format.
 */
final class ImageFormats {
    /** Bytes of the start of the data that {@link #detect(byte[], int)} needs to see every header it knows. */
    public static final int HEAD = 64 * 1024;

    /** The formats libvirt's volume XML names that describe how a disk image is stored. */
    private static final Set<String> IMAGE = Set.of("raw", "dir", "bochs", "cloop", "cow", "dmg", "iso", "qcow",
            "qcow2", "qed", "vmdk", "vpc", "vhd", "vdi", "vhdx", "fat", "ploop", "luks");

    private static final FormatType QCOW = FormatType.of("qcow");
    private static final FormatType QED = FormatType.of("qed");
    private static final FormatType VPC = FormatType.of("vpc");
    private static final FormatType VDI = FormatType.of("vdi");
    private static final FormatType VHDX = FormatType.of("vhdx");
    private static final FormatType PLOOP = FormatType.of("ploop");
    private static final FormatType COW = FormatType.of("cow");

    /** qcow2's incompatible feature bit that says the guest data lives in an external data file. */
    private static final long QCOW2_DATA_FILE_BIT = 1L << 2;
    /** qcow2's header extension that names the external data file ("DATA"). */
    private static final int QCOW2_DATA_FILE_EXTENSION = 0x44415441;
    /** qed's feature bit that says the image has a backing file. */
    private static final long QED_BACKING_FILE_BIT = 1L;
    /** Longest name quoted in a message; a header may hold anything. */
    private static final int SHOWN = 200;
    private static final Pattern VMDK_PARENT = Pattern.compile("parentFileNameHint=\"([^\"]*)\"");
    private static final Pattern VMDK_EXTENT = Pattern.compile(
            "(?m)^[ \\t]*(?:RW|RDONLY|NOACCESS)[ \\t]+\\d+[ \\t]+\\S+[ \\t]+\"([^\"\\r\\n]*)\"");

    /**
     * A file outside the image that the image's header names, which whoever opens the image
     * (libvirt, QEMU) then opens as well: a backing file, an external data file, a parent
     * disk or an extent.
     *
     * @param role what the file is to the image ("backing file", "external data file", ...)
     * @param name the name as the header writes it, made printable and cut short for messages;
     *     empty when the header says there is such a file but its name lies beyond the bytes seen
     */
    public record NamedFile(String role, Optional<String> name) {
        /** How a message names the file: its role and its quoted name, or that the name was not read. */
        public String describe() {
            return role + name.map(n -> " '" + n + "'").orElse(" (its name lies beyond the first "
                    + (HEAD / 1024) + " KiB of the header)");
        }
    }

    private ImageFormats() {
    }

    /**
     * The files outside the image that a header names, for the formats whose header can name
     * one: qcow2 (backing file; external data file, by its header extension or its incompatible
     * feature bit), qcow (backing file), qed (backing file, when its feature bit is set), vmdk
     * (the parent of a sparse or descriptor image; the extents of a descriptor file) and cow
     * (backing file). Empty for a self-contained image and for every other format. A differencing
     * vpc, vdi or vhdx disk names a parent as well, but QEMU never opens it: {@link DifferencingDisks}
     * tells those apart.
     *
     * @param head the first bytes of the data
     * @param length how many of them to look at
     */
    public static List<NamedFile> namedFiles(byte[] head, int length) {
        int n = Math.min(length, head.length);
        FormatType format = detect(head, n);
        List<NamedFile> files = new ArrayList<>();
        if (format.equals(FormatType.QCOW2) || format.equals(QCOW)) {
            long offset = n >= 20 ? int64(head, 8) : 0;
            int size = n >= 20 ? int32(head, 16) : 0;
            if (offset != 0 && size != 0) {
                files.add(new NamedFile("backing file", name(head, n, offset, size)));
            }
            if (format.equals(FormatType.QCOW2)) {
                qcow2DataFile(head, n, offset).ifPresent(files::add);
            }
        } else if (format.equals(QED)) {
            long features = n >= 24 ? int64le(head, 16) : 0;
            if ((features & QED_BACKING_FILE_BIT) != 0) {
                files.add(new NamedFile("backing file", n >= 64
                        ? name(head, n, int32le(head, 56) & 0xffffffffL, int32le(head, 60)) : Optional.empty()));
            }
        } else if (format.equals(FormatType.VMDK)) {
            vmdkFiles(head, n, files);
        } else if (format.equals(COW) && n > 8 && head[8] != 0) {
            int end = 8;
            while (end < Math.min(n, 8 + 1024) && head[end] != 0) {
                end++;
            }
            files.add(new NamedFile("backing file", Optional.of(printable(head, 8, end - 8))));
        }
        return List.copyOf(files);
    }

    /**
     * qcow2's external data file: named by the header extension {@code DATA} (extensions start
     * after the header, 72 bytes in version 2, {@code header_length} in version 3, and end at a
     * zero type or the backing file's name), or required by the incompatible feature bit.
     */
    private static Optional<NamedFile> qcow2DataFile(byte[] head, int n, long backingOffset) {
        int version = n >= 8 ? int32(head, 4) : 0;
        long incompatible = version >= 3 && n >= 80 ? int64(head, 72) : 0;
        long at = version >= 3 && n >= 104 ? int32(head, 100) & 0xffffffffL : 72;
        long end = backingOffset != 0 ? backingOffset : Long.MAX_VALUE;
        while (at + 8 <= n && at + 8 <= end) {
            int type = int32(head, (int) at);
            long size = int32(head, (int) at + 4) & 0xffffffffL;
            if (type == 0) {
                break;
            }
            if (type == QCOW2_DATA_FILE_EXTENSION) {
                return Optional.of(new NamedFile("external data file", name(head, n, at + 8, size)));
            }
            at += 8 + ((size + 7) & ~7L);
        }
        if ((incompatible & QCOW2_DATA_FILE_BIT) != 0) {
            return Optional.of(new NamedFile("external data file", Optional.empty()));
        }
        return Optional.empty();
    }

    /**
     * vmdk: a sparse extent ({@code KDMV}) carries its descriptor at {@code desc_offset} sectors,
     * where only {@code parentFileNameHint} names another file; a descriptor file names its parent
     * and every extent (its data lives in those files).
     */
    private static void vmdkFiles(byte[] head, int n, List<NamedFile> files) {
        String descriptor;
        boolean sparse = at(head, n, 0, 'K', 'D', 'M', 'V');
        if (sparse) {
            long sector = n >= 44 ? int64le(head, 28) : 0;
            long sectors = n >= 44 ? int64le(head, 36) : 0;
            if (sector == 0 || sectors == 0) {
                return;
            }
            if (sector < 0 || sector > (n - 1) / 512) {
                files.add(new NamedFile("parent", Optional.empty()));   // a descriptor that was not read
                return;
            }
            int start = (int) (sector * 512);
            int size = sectors < 0 || sectors > n / 512 ? n - start : (int) Math.min(n - start, sectors * 512);
            descriptor = new String(head, start, size,
                    StandardCharsets.ISO_8859_1);
        } else {
            descriptor = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        }
        int nul = descriptor.indexOf('\0');
        descriptor = nul >= 0 ? descriptor.substring(0, nul) : descriptor;
        Matcher parent = VMDK_PARENT.matcher(descriptor);
        if (parent.find()) {
            files.add(new NamedFile("parent", Optional.of(printable(parent.group(1)))));
        }
        if (!sparse) {
            Matcher extent = VMDK_EXTENT.matcher(descriptor);
            while (extent.find()) {
                files.add(new NamedFile("extent", Optional.of(printable(extent.group(1)))));
            }
        }
    }

    /** The name of {@code size} bytes at {@code offset}, or empty when they lie beyond the {@code n} bytes seen. */
    private static Optional<String> name(byte[] head, int n, long offset, long size) {
        if (offset < 0 || size < 0 || offset > n || size > n - offset) {
            return Optional.empty();
        }
        return Optional.of(printable(head, (int) offset, (int) size));
    }

    private static String printable(byte[] head, int offset, int size) {
        return printable(new String(head, offset, size, StandardCharsets.UTF_8));
    }

    /** {@code raw} with control characters as {@code \xNN} and cut to {@link #SHOWN} characters, for one line. */
    static String printable(String raw) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < raw.length() && shown.length() < SHOWN; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
                shown.append(String.format("\\x%02x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.length() < SHOWN ? shown.toString() : shown + "...";
    }

    /**
     * The image format of data whose first {@code length} bytes are in {@code head}:
     * qcow2 ({@code QFI\xfb}, version 2 or later), qcow (version 1), qed, vmdk (sparse
     * extent or descriptor), vpc/vhd (dynamic), vdi, vhdx, luks, iso, ploop, cow; raw
     * when none matches (a fixed vhd is raw with a footer, and reads as raw).
     */
    public static FormatType detect(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (at(head, n, 0, 'Q', 'F', 'I', 0xfb)) {
            return n >= 8 && int32(head, 4) == 1 ? QCOW : FormatType.QCOW2;
        }
        if (at(head, n, 0, 'Q', 'E', 'D', 0)) {
            return QED;
        }
        if (at(head, n, 0, 'K', 'D', 'M', 'V') || text(head, n, 0, "# Disk DescriptorFile")) {
            return FormatType.VMDK;
        }
        if (text(head, n, 0, "conectix")) {
            return VPC;
        }
        if (at(head, n, 64, 0x7f, 0x10, 0xda, 0xbe)) {
            return VDI;
        }
        if (text(head, n, 0, "vhdxfile")) {
            return VHDX;
        }
        if (at(head, n, 0, 'L', 'U', 'K', 'S', 0xba, 0xbe)) {
            return FormatType.LUKS;
        }
        if (text(head, n, 0, "WithoutFreeSpace") || text(head, n, 0, "WithouFreSpacExt")) {
            return PLOOP;
        }
        if (at(head, n, 0, 'O', 'O', 'O', 'M')) {
            return COW;
        }
        if (text(head, n, 32769, "CD001")) {
            return FormatType.ISO;
        }
        return FormatType.RAW;
    }

    /**
     * The image format of a volume, from its XML: the target format, with vhd read as vpc
     * (one format, two names), a raw target with LUKS encryption as luks, and no format
     * or a format that is not an image format (a partition type such as {@code none} or
     * {@code linux}, as disk and logical pools report) as raw.
     */
    public static FormatType of(VolumeSpec volume) {
        Optional<VolumeTarget> target = volume.target();
        String format = target.flatMap(VolumeTarget::format).map(f -> f.type().toLowerCase(Locale.ROOT))
                .filter(IMAGE::contains).orElse("raw");
        if (format.equals("vhd")) {
            return VPC;
        }
        boolean luks = target.flatMap(VolumeTarget::encryption).flatMap(Encryption::format)
                .filter(f -> f.startsWith("luks")).isPresent();
        if (format.equals("raw")) {
            return luks ? FormatType.LUKS : FormatType.RAW;
        }
        return FormatType.of(format);
    }

    private static boolean at(byte[] head, int n, int offset, int... magic) {
        if (offset + magic.length > n) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[offset + i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean text(byte[] head, int n, int offset, String magic) {
        byte[] bytes = magic.getBytes(StandardCharsets.US_ASCII);
        return offset + bytes.length <= n
                && Arrays.equals(head, offset, offset + bytes.length, bytes, 0, bytes.length);
    }

    /** The big-endian 64-bit integer at {@code offset}. */
    static long int64(byte[] head, int offset) {
        return (long) int32(head, offset) << 32 | int32(head, offset + 4) & 0xffffffffL;
    }

    /** The little-endian 32-bit integer at {@code offset}. */
    static int int32le(byte[] head, int offset) {
        return (head[offset + 3] & 0xff) << 24 | (head[offset + 2] & 0xff) << 16 | (head[offset + 1] & 0xff) << 8
                | head[offset] & 0xff;
    }

    /** The little-endian 64-bit integer at {@code offset}. */
    static long int64le(byte[] head, int offset) {
        return (long) int32le(head, offset + 4) << 32 | int32le(head, offset) & 0xffffffffL;
    }

    /** The big-endian 32-bit integer at {@code offset}. */
    static int int32(byte[] head, int offset) {
        return (head[offset] & 0xff) << 24 | (head[offset + 1] & 0xff) << 16 | (head[offset + 2] & 0xff) << 8
                | head[offset + 3] & 0xff;
    }
}
