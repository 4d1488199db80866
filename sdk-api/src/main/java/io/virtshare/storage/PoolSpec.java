package io.virtshare.storage;

import io.virtshare.InvalidSpecException;
import io.virtshare.internal.Checks;
import io.virtshare.internal.storage.PoolRules;
import io.virtshare.internal.storage.SourceFields;
import io.virtshare.xml.XmlExtras;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A libvirt storage pool: what {@code <pool type='…'>} says. Built with a factory per
 * type (whose builder offers only that type's fields), or read with {@link io.virtshare.xml.XmlCodec#readPool(String)}.
 *
 * <p>{@link Builder#build()} checks only the shape (the source variant matches the type,
 * the source has no field the type cannot hold); {@link #validate()} checks what libvirt
 * needs to define the pool (a type libvirt knows, a netfs pool needs a host and a
 * directory, …). Reading never validates, so any pool libvirt wrote can be read and
 * written back. XML the model does not know is kept in {@link #extras()} and in the
 * extras of the source and target.
 *
 * <pre>{@code
 * PoolSpec images = PoolSpec.netfs("virtimages")
 *         .host("nfs.example.com").dir(Path.of("/var/lib/virt/images")).format(FormatType.NFS)
 *         .target(Path.of("/var/lib/virt/images"))
 *         .build()
 *         .validate();
 * String xml = XmlCodec.defaults().writePool(images);
 * PoolSpec moved = images.toBuilder().target(Path.of("/srv/images")).build();
 * }</pre>
 *
 * @param typeName the type as written ({@code netfs}); see {@link #type()}
 * @param name the pool name
 * @param uuid the pool UUID
 * @param capacity the size libvirt reports
 * @param allocation the allocated size libvirt reports
 * @param available the free size libvirt reports
 * @param cow {@code <features><cow state>}: copy-on-write on btrfs
 * @param source the source, one variant per type; empty when there is no {@code <source>}
 * @param target the target
 * @param refreshVolumeAllocation {@code <refresh><volume allocation>}: {@code default} or {@code capacity}
 * @param mountOptions {@code fs:mount_opts} options of fs and netfs pools
 * @param rbdOptions {@code rbd:config_opts} options of rbd pools
 * @param extras XML inside {@code <pool>} the model does not know
 */
public record PoolSpec(String typeName, Optional<String> name, Optional<String> uuid, Optional<Size> capacity,
        Optional<Size> allocation, Optional<Size> available, Optional<Boolean> cow, Optional<PoolSource> source,
        Optional<PoolTarget> target, Optional<String> refreshVolumeAllocation, List<String> mountOptions,
        List<RbdOption> rbdOptions, XmlExtras extras) {

    /**
     * Checks the type name and that the source variant belongs to the type.
     */
    public PoolSpec {
        Checks.nonNull(typeName, name, uuid, capacity, allocation, available, cow, source, target,
                refreshVolumeAllocation, extras);
        if (typeName.isBlank()) {
            throw new InvalidSpecException("a pool needs a type such as dir, netfs or rbd");
        }
        mountOptions = List.copyOf(mountOptions);
        rbdOptions = List.copyOf(rbdOptions);
        PoolType type = PoolType.fromXml(typeName);
        source.ifPresent(s -> {
            if (s.type() != type) {
                throw new InvalidSpecException(PoolRules.article(typeName) + " pool cannot have a source for "
                        + s.type()
                        + " pools; build the source through PoolSpec.builder(…) or use PoolSource."
                        + s.getClass().getSimpleName() + " only with its type");
            }
        });
    }

    /** The type; {@link PoolType#UNKNOWN_TO_SDK_VERSION} for types newer than this SDK. */
    public PoolType type() {
        return PoolType.fromXml(typeName);
    }

    /**
     * What libvirt would refuse or this SDK cannot send, each saying what to add or change;
     * empty when the pool can be defined.
     */
    public List<String> problems() {
        return PoolRules.problems(this);
    }

    /**
     * Checks what libvirt needs to define the pool.
     *
     * @return this pool
     * @throws InvalidSpecException listing every {@link #problems() problem}
     */
    public PoolSpec validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return this;
    }

    /** A builder holding this pool's values, extra XML included. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder for a pool of {@code type}. */
    public static Builder builder(PoolType type) {
        return new Builder(type.xmlName().orElseThrow(() -> new InvalidSpecException(
                "give the type's name with PoolSpec.builder(String) for types unknown to this SDK")));
    }

    /** A builder for a pool whose type is written {@code typeName}, known to this SDK or not. */
    public static Builder builder(String typeName) {
        return new Builder(typeName);
    }

    /** A {@code dir} pool called {@code name}: needs a target. */
    public static DirPoolBuilder dir(String name) {
        return new DirPoolBuilder(name);
    }

    /** An {@code fs} pool: needs a device and a target. */
    public static FsPoolBuilder fs(String name) {
        return new FsPoolBuilder(name);
    }

    /** A {@code netfs} pool: needs a host, a dir and a target. */
    public static NetfsPoolBuilder netfs(String name) {
        return new NetfsPoolBuilder(name);
    }

    /** A {@code logical} (LVM) pool: needs a source name or devices. */
    public static LogicalPoolBuilder logical(String name) {
        return new LogicalPoolBuilder(name);
    }

    /** A {@code disk} pool: needs a device and a target. */
    public static DiskPoolBuilder disk(String name) {
        return new DiskPoolBuilder(name);
    }

    /** An {@code iscsi} pool: needs a host, the target IQN as device, and a target. */
    public static IscsiPoolBuilder iscsi(String name) {
        return new IscsiPoolBuilder(name);
    }

    /** An {@code iscsi-direct} pool: needs a host, the target IQN as device, and an initiator IQN. */
    public static IscsiDirectPoolBuilder iscsiDirect(String name) {
        return new IscsiDirectPoolBuilder(name);
    }

    /** A {@code scsi} pool: needs an adapter and a target. */
    public static ScsiPoolBuilder scsi(String name) {
        return new ScsiPoolBuilder(name);
    }

    /** An {@code mpath} pool: needs a target. */
    public static MpathPoolBuilder mpath(String name) {
        return new MpathPoolBuilder(name);
    }

    /** An {@code rbd} (Ceph) pool: needs a source name and hosts. */
    public static RbdPoolBuilder rbd(String name) {
        return new RbdPoolBuilder(name);
    }

    /** A {@code gluster} pool: needs a source name (the volume) and a host. */
    public static GlusterPoolBuilder gluster(String name) {
        return new GlusterPoolBuilder(name);
    }

    /** A {@code zfs} pool: needs a source name (the zpool). */
    public static ZfsPoolBuilder zfs(String name) {
        return new ZfsPoolBuilder(name);
    }

    /** A {@code vstorage} pool: needs a source name (the cluster) and a target. */
    public static VstoragePoolBuilder vstorage(String name) {
        return new VstoragePoolBuilder(name);
    }

    /**
     * Builds a {@link PoolSpec} of any type, also one unknown to this SDK: what
     * {@link PoolSpec#builder(PoolType)} and {@link PoolSpec#toBuilder()} give. Source setters
     * ({@link #host(String)}, {@link #sourceDir(String)}, …) fill the source variant of the pool's
     * type; {@link #build()} says which of them the type cannot hold. The factories per type
     * ({@link PoolSpec#netfs(String)}, …) give builders that offer only that type's fields.
     *
     * <pre>{@code
     * PoolSpec.rbd("ceph").sourceName("rbd").host("mon1", 6789).host("mon2", 6789)
     *         .auth(Auth.ceph("admin", SecretRef.uuid("2ec115d7-3a88-3ceb-bc12-0ac909a6fd87")))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final String typeName;
        private Optional<String> name = Optional.empty();
        private Optional<String> uuid = Optional.empty();
        private Optional<Size> capacity = Optional.empty();
        private Optional<Size> allocation = Optional.empty();
        private Optional<Size> available = Optional.empty();
        private Optional<Boolean> cow = Optional.empty();
        private boolean hasSource;
        private SourceFields source = new SourceFields();
        private Optional<PoolTarget> target = Optional.empty();
        private Optional<String> refreshVolumeAllocation = Optional.empty();
        private final List<String> mountOptions = new ArrayList<>();
        private final List<RbdOption> rbdOptions = new ArrayList<>();
        private XmlExtras extras = XmlExtras.none();

        private Builder(String typeName) {
            this.typeName = typeName;
        }

        private Builder(PoolSpec spec) {
            this(spec.typeName());
            name = spec.name();
            uuid = spec.uuid();
            capacity = spec.capacity();
            allocation = spec.allocation();
            available = spec.available();
            cow = spec.cow();
            spec.source().ifPresent(this::source);
            target = spec.target();
            refreshVolumeAllocation = spec.refreshVolumeAllocation();
            mountOptions.addAll(spec.mountOptions());
            rbdOptions.addAll(spec.rbdOptions());
            extras = spec.extras();
        }

        /** The pool name. */
        public Builder name(String name) {
            this.name = Optional.ofNullable(name);
            return this;
        }

        /** The pool UUID; libvirt makes one when none is given. */
        public Builder uuid(String uuid) {
            this.uuid = Optional.ofNullable(uuid);
            return this;
        }

        /** The capacity (reported by libvirt; ignored when defining). */
        public Builder capacity(Size capacity) {
            this.capacity = Optional.ofNullable(capacity);
            return this;
        }

        /** The allocation (reported by libvirt; ignored when defining). */
        public Builder allocation(Size allocation) {
            this.allocation = Optional.ofNullable(allocation);
            return this;
        }

        /** The free space (reported by libvirt; ignored when defining). */
        public Builder available(Size available) {
            this.available = Optional.ofNullable(available);
            return this;
        }

        /** Copy-on-write for the pool's files (btrfs), {@code <features><cow state>}. */
        public Builder cow(boolean cow) {
            this.cow = Optional.of(cow);
            return this;
        }

        /** The target path (a host directory); the target's permissions and extra XML stay. */
        public Builder target(Path path) {
            String value = path.toString();
            this.target = Optional.of(target.map(t -> t.withPath(value)).orElseGet(() -> PoolTarget.of(value)));
            return this;
        }

        /** The whole target, or null for none. */
        public Builder target(PoolTarget target) {
            this.target = Optional.ofNullable(target);
            return this;
        }

        /** Permissions of the target path (a target is added when there is none). */
        public Builder permissions(Permissions permissions) {
            PoolTarget base = target.orElseGet(() -> new PoolTarget(Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), XmlExtras.none()));
            this.target = Optional.of(base.withPermissions(permissions));
            return this;
        }

        /** How libvirt computes volume allocation on refresh: {@code default} or {@code capacity}. */
        public Builder refreshVolumeAllocation(String mode) {
            this.refreshVolumeAllocation = Optional.ofNullable(mode);
            return this;
        }

        /** Adds mount options of an fs or netfs pool ({@code fs:mount_opts}). */
        public Builder mountOptions(String... options) {
            mountOptions.addAll(List.of(options));
            return this;
        }

        /** Adds a Ceph client option of an rbd pool ({@code rbd:config_opts}). */
        public Builder rbdOption(String name, String value) {
            rbdOptions.add(new RbdOption(name, value));
            return this;
        }

        /** Replaces the source with {@code source}'s fields and extra XML. */
        public Builder source(PoolSource source) {
            if (source.type() != PoolType.fromXml(typeName)) {
                throw new InvalidSpecException(PoolRules.article(typeName) + " pool cannot take a PoolSource."
                        + source.getClass().getSimpleName() + ", which is the source of " + source.type()
                        + " pools; set the source fields with host(…), dir(…), device(…) instead");
            }
            this.source = SourceFields.of(source);
            this.hasSource = true;
            return this;
        }

        /** Removes the source. */
        public Builder noSource() {
            this.source = new SourceFields();
            this.hasSource = false;
            return this;
        }

        private SourceFields source() {
            hasSource = true;
            return source;
        }

        /** Adds a source host on the default port. */
        public Builder host(String name) {
            source().hosts.add(Host.of(name));
            return this;
        }

        /** Adds a source host on {@code port}. */
        public Builder host(String name, int port) {
            source().hosts.add(Host.of(name, port));
            return this;
        }

        /** Replaces the source hosts. */
        public Builder hosts(List<Host> hosts) {
            source().hosts.clear();
            source.hosts.addAll(hosts);
            return this;
        }

        /** Adds a source device: a block device path, or the target IQN of an iSCSI pool. */
        public Builder device(String path) {
            return device(SourceDevice.of(path));
        }

        /** Adds a source device. */
        public Builder device(SourceDevice device) {
            source().devices.add(device);
            return this;
        }

        /** Replaces the source devices. */
        public Builder devices(List<SourceDevice> devices) {
            source().devices.clear();
            source.devices.addAll(devices);
            return this;
        }

        /** The source directory: the exported path of netfs, a subdirectory of gluster. */
        public Builder sourceDir(String path) {
            source().dir = Optional.ofNullable(path);
            return this;
        }

        /** The SCSI host adapter of a scsi pool. */
        public Builder adapter(Adapter adapter) {
            source().adapter = Optional.ofNullable(adapter);
            return this;
        }

        /** The source name: volume group, RADOS pool, Gluster volume, zpool or cluster. */
        public Builder sourceName(String name) {
            source().name = Optional.ofNullable(name);
            return this;
        }

        /** The initiator IQN of an iSCSI pool. */
        public Builder initiatorIqn(String iqn) {
            source().initiatorIqn = Optional.ofNullable(iqn);
            return this;
        }

        /** The source format: filesystem, network protocol or partition table. */
        public Builder format(FormatType format) {
            source().format = Optional.ofNullable(format);
            return this;
        }

        /** The source authentication (iSCSI CHAP, Ceph cephx). */
        public Builder auth(Auth auth) {
            source().auth = Optional.ofNullable(auth);
            return this;
        }

        /** The NFS protocol version of a netfs pool, e.g. {@code 4.1}. */
        public Builder protocolVersion(String version) {
            source().protocolVersion = Optional.ofNullable(version);
            return this;
        }

        /** The source vendor. */
        public Builder vendor(String vendor) {
            source().vendor = Optional.ofNullable(vendor);
            return this;
        }

        /** The source product. */
        public Builder product(String product) {
            source().product = Optional.ofNullable(product);
            return this;
        }

        /**
         * The pool.
         *
         * @throws InvalidSpecException when a source field was set that the type has no place for
         */
        public PoolSpec build() {
            Optional<PoolSource> built = hasSource
                    ? Optional.of(source.toSource(PoolType.fromXml(typeName), typeName))
                    : Optional.empty();
            return new PoolSpec(typeName, name, uuid, capacity, allocation, available, cow, built, target,
                    refreshVolumeAllocation, mountOptions, rbdOptions, extras);
        }
    }
}
