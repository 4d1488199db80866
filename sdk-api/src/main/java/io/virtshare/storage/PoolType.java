package io.virtshare.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The libvirt storage pool types, with what each needs and allows.
 *
 * <p>{@link #SHEEPDOG} is read but cannot be sent to libvirt: libvirt 8.8 removed it.
 * A type this SDK does not know reads as {@link #UNKNOWN_TO_SDK_VERSION}; the pool keeps
 * the type as written ({@link PoolSpec#typeName()}), so it can be read and written back,
 * but {@link PoolSpec#validate()} refuses to send it to libvirt, naming the types there are
 * and the one a mistyped name likely meant ({@code directory} → {@code dir}).
 *
 * <pre>{@code
 * PoolType type = PoolType.fromXml("iscsi");     // ISCSI
 * type.canCreateVolumes();                       // false: libvirt only reports LUNs
 * PoolType.fromXml("nvme-of");                   // UNKNOWN_TO_SDK_VERSION
 * }</pre>
 */
public enum PoolType {
    /** A directory on a mounted filesystem. */
    DIR("dir", true, true, List.of()),
    /** A block device libvirt mounts. */
    FS("fs", true, true, List.of(FormatType.AUTO, FormatType.EXT2, FormatType.EXT3, FormatType.EXT4,
            FormatType.UFS, FormatType.ISO9660, FormatType.UDF, FormatType.GFS, FormatType.GFS2, FormatType.VFAT,
            FormatType.HFS_PLUS, FormatType.XFS, FormatType.OCFS2, FormatType.VMFS)),
    /** An exported directory (NFS, CIFS, GlusterFS) libvirt mounts. */
    NETFS("netfs", true, true, List.of(FormatType.AUTO, FormatType.NFS, FormatType.GLUSTERFS, FormatType.CIFS)),
    /** An LVM volume group. */
    LOGICAL("logical", true, false, List.of(FormatType.UNKNOWN, FormatType.LVM2)),
    /** A disk whose partitions are the volumes. */
    DISK("disk", true, true, List.of(FormatType.UNKNOWN, FormatType.DOS, FormatType.DVH, FormatType.GPT,
            FormatType.MAC, FormatType.BSD, FormatType.PC98, FormatType.SUN, FormatType.LVM2)),
    /** An iSCSI target, through iscsiadm. */
    ISCSI("iscsi", false, true, List.of()),
    /** An iSCSI target, through libiscsi. */
    ISCSI_DIRECT("iscsi-direct", false, false, List.of()),
    /** A SCSI host adapter. */
    SCSI("scsi", false, true, List.of()),
    /** The host's multipath devices. */
    MPATH("mpath", false, true, List.of()),
    /** A Ceph RADOS pool. */
    RBD("rbd", true, false, List.of()),
    /** A GlusterFS volume, through libgfapi. */
    GLUSTER("gluster", true, false, List.of()),
    /** A ZFS pool. */
    ZFS("zfs", true, false, List.of()),
    /** A Virtuozzo storage cluster. */
    VSTORAGE("vstorage", true, true, List.of()),
    /** A Sheepdog cluster; removed in libvirt 8.8, so read-only in this SDK. */
    SHEEPDOG("sheepdog", true, false, List.of()),
    /**
     * A type this SDK does not know (a typo, or a type newer than this SDK); the pool keeps
     * the type as written and {@link PoolSpec#validate()} refuses it.
     */
    UNKNOWN_TO_SDK_VERSION(null, true, false, List.of());

    private final String xmlName;
    private final boolean canCreateVolumes;
    private final boolean needsTargetPath;
    private final List<FormatType> sourceFormats;

    PoolType(String xmlName, boolean canCreateVolumes, boolean needsTargetPath, List<FormatType> sourceFormats) {
        this.xmlName = xmlName;
        this.canCreateVolumes = canCreateVolumes;
        this.needsTargetPath = needsTargetPath;
        this.sourceFormats = sourceFormats;
    }

    /** The type as libvirt writes it ({@code iscsi-direct}); empty for {@link #UNKNOWN_TO_SDK_VERSION}. */
    public Optional<String> xmlName() {
        return Optional.ofNullable(xmlName);
    }

    /** The type libvirt writes as {@code name}, or {@link #UNKNOWN_TO_SDK_VERSION}. */
    public static PoolType fromXml(String name) {
        return Arrays.stream(values()).filter(t -> t.xmlName != null && t.xmlName.equals(name)).findFirst()
                .orElse(UNKNOWN_TO_SDK_VERSION);
    }

    /**
     * Whether libvirt can create and delete volumes in such a pool; iscsi, iscsi-direct,
     * scsi and mpath pools only report the LUNs or devices that exist.
     */
    public boolean canCreateVolumes() {
        return canCreateVolumes;
    }

    /** Whether libvirt needs {@code <target><path>} for such a pool. */
    public boolean needsTargetPath() {
        return needsTargetPath;
    }

    /**
     * Whether such a pool may have a {@code <target>} at all: rbd, gluster, iscsi-direct
     * and sheepdog pools address their volumes through the network protocol and have none.
     */
    public boolean hasTarget() {
        return switch (this) {
            case RBD, GLUSTER, ISCSI_DIRECT, SHEEPDOG -> false;
            default -> true;
        };
    }

    /** The {@code <source><format type>} values libvirt accepts; empty when the type has no format. */
    public List<FormatType> sourceFormats() {
        return sourceFormats;
    }

    /** Whether libvirt no longer supports the type (sheepdog, removed in 8.8). */
    public boolean removedFromLibvirt() {
        return this == SHEEPDOG;
    }

    /** Whether libvirt needs the pool's {@code <name>}; some types default it from the source name. */
    public boolean needsName() {
        return switch (this) {
            case LOGICAL, RBD, GLUSTER, ZFS, VSTORAGE, SHEEPDOG, UNKNOWN_TO_SDK_VERSION -> false;
            default -> true;
        };
    }
}
