package io.virtshare.storage;

import io.virtshare.internal.Checks;
import io.virtshare.xml.XmlExtras;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code <source>} of a pool, one variant per pool type, each with the fields that
 * type uses. Elements a type does not use (and anything else the model does not know)
 * are kept in {@link #extras()}.
 *
 * <p>Usually built through {@link PoolSpec.Builder} ({@code .host(…)}, {@code .dir(…)},
 * {@code .device(…)}); the variants can also be made directly.
 *
 * <pre>{@code
 * PoolSource src = pool.source().orElseThrow();
 * if (src instanceof PoolSource.Netfs netfs) {
 *     System.out.println(netfs.hosts().get(0).name() + ":" + netfs.dir().orElse("/"));
 * }
 * }</pre>
 */
public sealed interface PoolSource {

    /** The pool type this variant belongs to. */
    PoolType type();

    /** XML inside {@code <source>} the model does not know, or that this type does not use. */
    XmlExtras extras();

    /**
     * Source of a {@code dir} pool: libvirt uses none, but keeps an empty {@code <source/>}.
     *
     * <pre>{@code
     * new PoolSource.Dir(XmlExtras.none());
     * }</pre>
     *
     * @param extras XML the model does not know
     */
    record Dir(XmlExtras extras) implements PoolSource {
        /**
         * Checks for nulls.
         */
        public Dir {
            Objects.requireNonNull(extras, "extras");
        }

        @Override
        public PoolType type() {
            return PoolType.DIR;
        }
    }

    /**
     * Source of an {@code fs} pool: the block device to mount and its filesystem.
     *
     * <pre>{@code
     * PoolSpec.fs("images").device(Path.of("/dev/sdb1")).format(FormatType.EXT4)
     *         .target(Path.of("/mnt/images")).build();
     * }</pre>
     *
     * @param devices the device (one)
     * @param format the filesystem
     * @param vendor the device vendor
     * @param product the device product
     * @param extras XML the model does not know
     */
    record Fs(List<SourceDevice> devices, Optional<FormatType> format, Optional<String> vendor,
            Optional<String> product, XmlExtras extras) implements PoolSource {
        /**
         * Copies the list.
         */
        public Fs {
            devices = List.copyOf(devices);
            Checks.nonNull(format, vendor, product, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.FS;
        }
    }

    /**
     * Source of a {@code netfs} pool: the server, the exported directory, the protocol.
     *
     * <pre>{@code
     * PoolSpec.netfs("images").host("nfs.example.com").dir(Path.of("/exports/images"))
     *         .format(FormatType.NFS).protocolVersion("4.1").target(Path.of("/mnt/images")).build();
     * }</pre>
     *
     * @param hosts the server (one)
     * @param dir the exported directory (a volume name for glusterfs, a share for cifs)
     * @param format nfs, glusterfs, cifs or auto
     * @param protocolVersion the NFS protocol version
     * @param vendor the vendor
     * @param product the product
     * @param extras XML the model does not know
     */
    record Netfs(List<Host> hosts, Optional<String> dir, Optional<FormatType> format,
            Optional<String> protocolVersion, Optional<String> vendor, Optional<String> product, XmlExtras extras)
            implements PoolSource {
        /**
         * Copies the list.
         */
        public Netfs {
            hosts = List.copyOf(hosts);
            Checks.nonNull(dir, format, protocolVersion, vendor, product, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.NETFS;
        }
    }

    /**
     * Source of a {@code logical} pool: the volume group name and, to build it, its
     * physical volumes.
     *
     * <pre>{@code
     * PoolSpec.logical("HostVG").device(Path.of("/dev/sdb1")).device(Path.of("/dev/sdc1"))
     *         .target(Path.of("/dev/HostVG")).build();
     * }</pre>
     *
     * @param name the volume group
     * @param devices the physical volumes
     * @param format lvm2
     * @param vendor the vendor
     * @param product the product
     * @param extras XML the model does not know
     */
    record Logical(Optional<String> name, List<SourceDevice> devices, Optional<FormatType> format,
            Optional<String> vendor, Optional<String> product, XmlExtras extras) implements PoolSource {
        /**
         * Copies the list.
         */
        public Logical {
            devices = List.copyOf(devices);
            Checks.nonNull(name, format, vendor, product, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.LOGICAL;
        }
    }

    /**
     * Source of a {@code disk} pool: the disk and its partition table.
     *
     * <pre>{@code
     * PoolSpec.disk("sdb").device(Path.of("/dev/sdb")).format(FormatType.GPT).target(Path.of("/dev")).build();
     * }</pre>
     *
     * @param devices the disk (one), with the free extents libvirt reports
     * @param format the partition table
     * @param vendor the vendor
     * @param product the product
     * @param extras XML the model does not know
     */
    record Disk(List<SourceDevice> devices, Optional<FormatType> format, Optional<String> vendor,
            Optional<String> product, XmlExtras extras) implements PoolSource {
        /**
         * Copies the list.
         */
        public Disk {
            devices = List.copyOf(devices);
            Checks.nonNull(format, vendor, product, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.DISK;
        }
    }

    /**
     * Source of an {@code iscsi} pool: the portal, the target IQN (as the device path),
     * the initiator and CHAP authentication.
     *
     * <pre>{@code
     * PoolSpec.iscsi("san").host("iscsi.example.com").device("iqn.2013-06.com.example:pool")
     *         .target(Path.of("/dev/disk/by-path")).build();
     * }</pre>
     *
     * @param hosts the portal (one)
     * @param devices the target IQN (one)
     * @param initiatorIqn the initiator IQN to log in as
     * @param auth CHAP authentication
     * @param vendor the vendor
     * @param product the product
     * @param extras XML the model does not know
     */
    record Iscsi(List<Host> hosts, List<SourceDevice> devices, Optional<String> initiatorIqn, Optional<Auth> auth,
            Optional<String> vendor, Optional<String> product, XmlExtras extras) implements PoolSource {
        /**
         * Copies the lists.
         */
        public Iscsi {
            hosts = List.copyOf(hosts);
            devices = List.copyOf(devices);
            Checks.nonNull(initiatorIqn, auth, vendor, product, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.ISCSI;
        }
    }

    /**
     * Source of an {@code iscsi-direct} pool (libiscsi): portal, target IQN and the
     * initiator IQN it needs.
     *
     * <pre>{@code
     * PoolSpec.iscsiDirect("san").host("iscsi.example.com").device("iqn.2013-06.com.example:pool")
     *         .initiatorIqn("iqn.2013-06.com.example:me").build();
     * }</pre>
     *
     * @param hosts the portal (one)
     * @param devices the target IQN (one)
     * @param initiatorIqn the initiator IQN
     * @param auth CHAP authentication
     * @param extras XML the model does not know
     */
    record IscsiDirect(List<Host> hosts, List<SourceDevice> devices, Optional<String> initiatorIqn,
            Optional<Auth> auth, XmlExtras extras) implements PoolSource {
        /**
         * Copies the lists.
         */
        public IscsiDirect {
            hosts = List.copyOf(hosts);
            devices = List.copyOf(devices);
            Checks.nonNull(initiatorIqn, auth, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.ISCSI_DIRECT;
        }
    }

    /**
     * Source of a {@code scsi} pool: the host adapter.
     *
     * <pre>{@code
     * PoolSpec.scsi("hba0").adapter(Adapter.scsiHost("host0")).target(Path.of("/dev/disk/by-path")).build();
     * }</pre>
     *
     * @param adapter the SCSI or Fibre Channel host adapter
     * @param vendor the vendor
     * @param product the product
     * @param extras XML the model does not know
     */
    record Scsi(Optional<Adapter> adapter, Optional<String> vendor, Optional<String> product, XmlExtras extras)
            implements PoolSource {
        /**
         * Checks for nulls.
         */
        public Scsi {
            Checks.nonNull(adapter, vendor, product, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.SCSI;
        }
    }

    /**
     * Source of an {@code mpath} pool: libvirt uses none.
     *
     * <pre>{@code
     * new PoolSource.Mpath(XmlExtras.none());
     * }</pre>
     *
     * @param extras XML the model does not know
     */
    record Mpath(XmlExtras extras) implements PoolSource {
        /**
         * Checks for nulls.
         */
        public Mpath {
            Objects.requireNonNull(extras, "extras");
        }

        @Override
        public PoolType type() {
            return PoolType.MPATH;
        }
    }

    /**
     * Source of an {@code rbd} pool: the RADOS pool name, the Ceph monitors, cephx.
     *
     * <pre>{@code
     * PoolSpec.rbd("ceph").sourceName("rbd").host("mon1", 6789)
     *         .auth(Auth.ceph("admin", SecretRef.uuid("2ec115d7-3a88-3ceb-bc12-0ac909a6fd87"))).build();
     * }</pre>
     *
     * @param name the RADOS pool
     * @param hosts the monitors
     * @param auth cephx authentication
     * @param extras XML the model does not know
     */
    record Rbd(Optional<String> name, List<Host> hosts, Optional<Auth> auth, XmlExtras extras)
            implements PoolSource {
        /**
         * Copies the list.
         */
        public Rbd {
            hosts = List.copyOf(hosts);
            Checks.nonNull(name, auth, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.RBD;
        }
    }

    /**
     * Source of a {@code sheepdog} pool (removed in libvirt 8.8; read only).
     *
     * <pre>{@code
     * if (pool.source().orElseThrow() instanceof PoolSource.Sheepdog s) { s.hosts(); }
     * }</pre>
     *
     * @param name the cluster
     * @param hosts the sheep daemons
     * @param extras XML the model does not know
     */
    record Sheepdog(Optional<String> name, List<Host> hosts, XmlExtras extras) implements PoolSource {
        /**
         * Copies the list.
         */
        public Sheepdog {
            hosts = List.copyOf(hosts);
            Checks.nonNull(name, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.SHEEPDOG;
        }
    }

    /**
     * Source of a {@code gluster} pool: the Gluster volume, a server, a subdirectory.
     *
     * <pre>{@code
     * PoolSpec.gluster("gv").sourceName("gv0").host("gluster1").dir("/vms").build();
     * }</pre>
     *
     * @param name the Gluster volume
     * @param hosts the server
     * @param dir a subdirectory of the volume
     * @param extras XML the model does not know
     */
    record Gluster(Optional<String> name, List<Host> hosts, Optional<String> dir, XmlExtras extras)
            implements PoolSource {
        /**
         * Copies the list.
         */
        public Gluster {
            hosts = List.copyOf(hosts);
            Checks.nonNull(name, dir, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.GLUSTER;
        }
    }

    /**
     * Source of a {@code zfs} pool: the zpool and, to create it, its devices.
     *
     * <pre>{@code
     * PoolSpec.zfs("tank").sourceName("tank").device(Path.of("/dev/ada1")).build();
     * }</pre>
     *
     * @param name the zpool
     * @param devices the devices to create it from
     * @param extras XML the model does not know
     */
    record Zfs(Optional<String> name, List<SourceDevice> devices, XmlExtras extras) implements PoolSource {
        /**
         * Copies the list.
         */
        public Zfs {
            devices = List.copyOf(devices);
            Checks.nonNull(name, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.ZFS;
        }
    }

    /**
     * Source of a {@code vstorage} pool: the Virtuozzo cluster name.
     *
     * <pre>{@code
     * PoolSpec.vstorage("vz").sourceName("cluster1").target(Path.of("/mnt/vz")).build();
     * }</pre>
     *
     * @param name the cluster
     * @param extras XML the model does not know
     */
    record Vstorage(Optional<String> name, XmlExtras extras) implements PoolSource {
        /**
         * Checks for nulls.
         */
        public Vstorage {
            Checks.nonNull(name, extras);
        }

        @Override
        public PoolType type() {
            return PoolType.VSTORAGE;
        }
    }

    /**
     * Source of a pool whose type this SDK does not know: all of it is kept as extra XML.
     *
     * <pre>{@code
     * if (pool.type() == PoolType.UNKNOWN_TO_SDK_VERSION) { pool.source(); } // PoolSource.Unknown
     * }</pre>
     *
     * @param extras the whole content of {@code <source>}
     */
    record Unknown(XmlExtras extras) implements PoolSource {
        /**
         * Checks for nulls.
         */
        public Unknown {
            Objects.requireNonNull(extras, "extras");
        }

        @Override
        public PoolType type() {
            return PoolType.UNKNOWN_TO_SDK_VERSION;
        }
    }
}
