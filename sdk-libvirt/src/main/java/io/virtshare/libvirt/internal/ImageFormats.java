package io.virtshare.libvirt.internal;

import io.virtshare.storage.Encryption;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
public final class ImageFormats {
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

    private ImageFormats() {
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

    private static int int32(byte[] head, int offset) {
        return (head[offset] & 0xff) << 24 | (head[offset + 1] & 0xff) << 16 | (head[offset + 2] & 0xff) << 8
                | head[offset + 3] & 0xff;
    }
}
