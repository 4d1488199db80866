package io.virtshare.storage;

import io.virtshare.InvalidSpecException;
import java.util.Objects;

/**
 * A {@code <format type='…'/>} value: of a pool source (filesystem, partition table,
 * network filesystem) or of a volume (disk image format). Values this SDK has no
 * constant for are kept as written.
 *
 * <pre>{@code
 * FormatType.NFS.type();            // "nfs"
 * FormatType.of("qcow2");           // equal to FormatType.QCOW2
 * }</pre>
 *
 * @param type the value as libvirt writes it
 */
public record FormatType(String type) {
    /** Let libvirt detect the format. */
    public static final FormatType AUTO = new FormatType("auto");
    /** Unknown; libvirt's default for logical and disk pools. */
    public static final FormatType UNKNOWN = new FormatType("unknown");
    /** No format (disk partitions, block devices). */
    public static final FormatType NONE = new FormatType("none");
    /** NFS export. */
    public static final FormatType NFS = new FormatType("nfs");
    /** GlusterFS volume mounted through FUSE. */
    public static final FormatType GLUSTERFS = new FormatType("glusterfs");
    /** SMB/CIFS share. */
    public static final FormatType CIFS = new FormatType("cifs");
    /** ext2 filesystem. */
    public static final FormatType EXT2 = new FormatType("ext2");
    /** ext3 filesystem. */
    public static final FormatType EXT3 = new FormatType("ext3");
    /** ext4 filesystem. */
    public static final FormatType EXT4 = new FormatType("ext4");
    /** UFS filesystem. */
    public static final FormatType UFS = new FormatType("ufs");
    /** ISO 9660 filesystem. */
    public static final FormatType ISO9660 = new FormatType("iso9660");
    /** UDF filesystem. */
    public static final FormatType UDF = new FormatType("udf");
    /** GFS filesystem. */
    public static final FormatType GFS = new FormatType("gfs");
    /** GFS2 filesystem. */
    public static final FormatType GFS2 = new FormatType("gfs2");
    /** FAT filesystem. */
    public static final FormatType VFAT = new FormatType("vfat");
    /** HFS+ filesystem. */
    public static final FormatType HFS_PLUS = new FormatType("hfs+");
    /** XFS filesystem. */
    public static final FormatType XFS = new FormatType("xfs");
    /** OCFS2 filesystem. */
    public static final FormatType OCFS2 = new FormatType("ocfs2");
    /** VMFS filesystem. */
    public static final FormatType VMFS = new FormatType("vmfs");
    /** LVM2 physical volume. */
    public static final FormatType LVM2 = new FormatType("lvm2");
    /** DOS (MBR) partition table. */
    public static final FormatType DOS = new FormatType("dos");
    /** SGI DVH partition table. */
    public static final FormatType DVH = new FormatType("dvh");
    /** GPT partition table. */
    public static final FormatType GPT = new FormatType("gpt");
    /** Mac partition table. */
    public static final FormatType MAC = new FormatType("mac");
    /** BSD disk label. */
    public static final FormatType BSD = new FormatType("bsd");
    /** PC-98 partition table. */
    public static final FormatType PC98 = new FormatType("pc98");
    /** Sun disk label. */
    public static final FormatType SUN = new FormatType("sun");
    /** Raw disk image. */
    public static final FormatType RAW = new FormatType("raw");
    /** QCOW2 disk image. */
    public static final FormatType QCOW2 = new FormatType("qcow2");
    /** ISO image. */
    public static final FormatType ISO = new FormatType("iso");
    /** VMDK disk image. */
    public static final FormatType VMDK = new FormatType("vmdk");
    /** LUKS encrypted image. */
    public static final FormatType LUKS = new FormatType("luks");
    /** A directory (gluster, dir volumes). */
    public static final FormatType DIR = new FormatType("dir");

    /**
     * Checks that the value is not blank.
     */
    public FormatType {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new InvalidSpecException("a format type is empty; give one such as raw, qcow2, nfs or gpt");
        }
    }

    /** The format written as {@code type}. */
    public static FormatType of(String type) {
        return new FormatType(type);
    }

    @Override
    public String toString() {
        return type;
    }
}
