package io.virtshare.internal.libvirt;

import io.virtshare.storage.FormatType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Differencing disks of the formats whose parent QEMU does not follow: vpc (VHD), vdi and
 * vhdx. Such a disk holds only what changed since its parent, and its header names the parent;
 * but QEMU opens a differencing VHD as if it stood alone (a guest reads zeros wherever the
 * parent holds data) and refuses differencing vdi and vhdx files outright. libvirt does not
 * look for these parents either. So, unlike a qcow2 backing file, the parent is never read.
 *
 * <p>Each format is told from its own header: vpc from the footer copy at offset 0 (disk type 4
 * at 60, big-endian; the parent's UTF-16BE name at 64 in the dynamic header the footer points
 * to); vdi from its header (image type 3 "undo" or 4 "differencing" at 0x4C, little-endian, or a
 * parent UUID at 0x1A8 or 0x1B8, either of which QEMU refuses); vhdx from the HasParent flag of
 * its File Parameters metadata item, found through the region table at 192 KiB, beyond the head.
 */
final class DifferencingDisks {
    private static final FormatType VPC = FormatType.of("vpc");
    private static final FormatType VDI = FormatType.of("vdi");
    private static final FormatType VHDX = FormatType.of("vhdx");
    private static final int VPC_DIFFERENCING = 4;
    private static final int VDI_UNDO = 3;
    private static final int VDI_DIFFERENCING = 4;
    /** Bytes of a vhdx Parent Locator item read at most; its keys and values are short paths. */
    private static final int LOCATOR = 64 * 1024;

    /**
     * A differencing disk: its format, its parent as the header names it (made printable and cut
     * short; empty when that name is not within the bytes read), and whether QEMU opens the disk
     * without its parent ({@code true}: a guest reads zeros where the parent holds data) or
     * refuses to open it ({@code false}).
     */
    record DifferencingDisk(FormatType format, Optional<String> parent, boolean openedWithoutParent) {
        /** What the disk is, for a message: its format and its parent. */
        String describe() {
            return "a " + format + " differencing disk " + parent.map(p -> "whose parent is " + p)
                    .orElse("whose parent is not named within the bytes read");
        }

        /** What a guest using the disk through QEMU would get, for a message. */
        String guestGets() {
            return openedWithoutParent
                    ? "QEMU opens it without reading any parent, so a guest using the volume would read zeros"
                            + " wherever the parent holds data"
                    : "QEMU refuses to open it, so a VM using the volume would fail to start";
        }
    }

    private DifferencingDisks() {
    }

    /**
     * The differencing disk whose first {@code length} bytes are in {@code head}, or empty for
     * every other image. A vhdx is looked at beyond the head, in {@code file}, in bounded reads.
     */
    static Optional<DifferencingDisk> of(byte[] head, int length, ImageBytes file) throws IOException {
        int n = Math.min(length, head.length);
        FormatType format = ImageFormats.detect(head, n);
        if (format.equals(VPC)) {
            return vpc(head, n);
        }
        if (format.equals(VDI)) {
            return vdi(head, n);
        }
        if (format.equals(VHDX)) {
            return vhdx(file);
        }
        return Optional.empty();
    }

    /** vpc: disk type 4 in the footer; the parent's name at 64 of the dynamic header at the footer's data offset. */
    private static Optional<DifferencingDisk> vpc(byte[] head, int n) {
        if (n < 64 || ImageFormats.int32(head, 60) != VPC_DIFFERENCING) {
            return Optional.empty();
        }
        long header = ImageFormats.int64(head, 16);
        Optional<String> parent = Optional.empty();
        if (header >= 0 && header <= n - 64 - 512) {
            String name = new String(head, (int) header + 64, 512, StandardCharsets.UTF_16BE);
            int nul = name.indexOf('\0');
            parent = Optional.of("'" + ImageFormats.printable(nul >= 0 ? name.substring(0, nul) : name) + "'");
        }
        return Optional.of(new DifferencingDisk(VPC, parent, true));
    }

    /**
     * vdi: image type 3 or 4, or a parent UUID (the parent's at 0x1A8, its last change's at 0x1B8),
     * which QEMU refuses; of type alone, QEMU opens it as a base image.
     */
    private static Optional<DifferencingDisk> vdi(byte[] head, int n) {
        int type = n >= 0x50 ? ImageFormats.int32le(head, 0x4C) : 0;
        Optional<String> link = n >= 0x1B8 ? uuid(head, 0x1A8) : Optional.empty();
        Optional<String> parentChange = n >= 0x1C8 ? uuid(head, 0x1B8) : Optional.empty();
        boolean uuids = link.isPresent() || parentChange.isPresent();
        if (!uuids && type != VDI_UNDO && type != VDI_DIFFERENCING) {
            return Optional.empty();
        }
        return Optional.of(new DifferencingDisk(VDI, link.or(() -> parentChange).map(u -> "the disk with UUID " + u),
                !uuids));
    }

    /** vhdx: the HasParent flag of File Parameters; the parent's path or linkage from the Parent Locator. */
    private static Optional<DifferencingDisk> vhdx(ImageBytes file) throws IOException {
        Optional<byte[]> parameters = VhdxMetadata.item(file, VhdxMetadata.FILE_PARAMETERS, 8);
        if (parameters.filter(p -> p.length == 8 && (ImageFormats.int32le(p, 4) & VhdxMetadata.HAS_PARENT) != 0)
                .isEmpty()) {
            return Optional.empty();
        }
        Optional<String> parent = VhdxMetadata.item(file, VhdxMetadata.PARENT_LOCATOR, LOCATOR)
                .flatMap(VhdxMetadata::parent).map(p -> "'" + p + "'");
        return Optional.of(new DifferencingDisk(VHDX, parent, false));
    }

    /**
     * The UUID of 16 bytes at {@code offset} as VirtualBox prints it (its first three fields are
     * stored little-endian), or empty when all are zero.
     */
    private static Optional<String> uuid(byte[] head, int offset) {
        boolean zero = true;
        for (int i = offset; i < offset + 16; i++) {
            zero &= head[i] == 0;
        }
        if (zero) {
            return Optional.empty();
        }
        HexFormat hex = HexFormat.of();
        return Optional.of(String.format("%08x-%04x-%04x-%s-%s", ImageFormats.int32le(head, offset),
                (head[offset + 4] & 0xff) | (head[offset + 5] & 0xff) << 8,
                (head[offset + 6] & 0xff) | (head[offset + 7] & 0xff) << 8,
                hex.formatHex(head, offset + 8, offset + 10), hex.formatHex(head, offset + 10, offset + 16)));
    }
}
