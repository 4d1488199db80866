package io.virtshare.storage;

import io.virtshare.InvalidSpecException;
import io.virtshare.internal.Checks;
import io.virtshare.xml.XmlExtras;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A libvirt storage volume: what {@code <volume>} says. Built with {@link #builder(String)}
 * or read with {@link io.virtshare.xml.XmlCodec#readVolume(String)}.
 *
 * <p>{@link #validateFor(PoolType)} checks what libvirt needs to create the volume in a
 * pool of a type (iscsi, iscsi-direct, scsi and mpath pools cannot create volumes;
 * logical volumes cannot be sparse). XML the model does not know is kept.
 *
 * <pre>{@code
 * VolumeSpec disk = VolumeSpec.builder("vm1.qcow2")
 *         .capacity(Size.gib(20))
 *         .target(VolumeTarget.of(FormatType.QCOW2))
 *         .build()
 *         .validateFor(PoolType.DIR);
 * String xml = XmlCodec.defaults().writeVolume(disk);
 * }</pre>
 *
 * @param type the {@code type} attribute: file, block, dir, network or netdir
 * @param name the volume name
 * @param key the key libvirt gives the volume
 * @param capacity the logical size
 * @param allocation the allocated size
 * @param physical the size on the host
 * @param source the devices and extents of logical and disk volumes
 * @param target path, format, permissions and the rest of the target
 * @param backingStore the base image of a copy-on-write volume
 * @param extras XML inside {@code <volume>} the model does not know
 */
public record VolumeSpec(Optional<String> type, String name, Optional<String> key, Optional<Size> capacity,
        Optional<Size> allocation, Optional<Size> physical, Optional<VolumeSource> source,
        Optional<VolumeTarget> target, Optional<BackingStore> backingStore, XmlExtras extras) {

    /**
     * Checks for nulls.
     */
    public VolumeSpec {
        Checks.nonNull(type, name, key, capacity, allocation, physical, source, target, backingStore, extras);
        fitsAVolume("capacity", capacity);
        fitsAVolume("allocation", allocation);
        fitsAVolume("physical", physical);
    }

    /** libvirt keeps volume sizes in a signed 64-bit off_t and refuses 2^63 bytes or more; so does this record. */
    private static void fitsAVolume(String field, Optional<Size> size) {
        if (size.isPresent() && size.get().exceedsLong()) {
            throw new InvalidSpecException("volume " + field + " " + size.get() + " is " + size.get().exactBytes()
                    + " bytes; libvirt refuses volume sizes of 2^63 bytes or more (a file's size is a signed 64-bit"
                    + " off_t): give at most " + Long.MAX_VALUE + " bytes");
        }
    }

    /** A builder for a volume called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this volume's values, extra XML included. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * What libvirt would refuse when creating this volume in a pool of {@code poolType},
     * each saying what to change; empty when it can be created.
     */
    public List<String> problemsFor(PoolType poolType) {
        List<String> problems = new ArrayList<>();
        if (!poolType.canCreateVolumes()) {
            problems.add("libvirt cannot create volumes in " + poolType.xmlName().orElse("this") + " pools, which only "
                    + "report the LUNs or devices that exist; create the LUN on the storage server, then refresh"
                    + " the pool");
        }
        if (name.isBlank()) {
            problems.add("a volume needs a name");
        }
        if (capacity.isEmpty()) {
            problems.add("a volume needs a capacity: set capacity(Size.gib(…))");
        }
        if (poolType == PoolType.LOGICAL && allocation.isPresent() && capacity.isPresent()
                && allocation.get().bytes() < capacity.get().bytes()) {
            problems.add("logical volumes cannot be sparse: allocation (" + allocation.get() + ") must equal capacity ("
                    + capacity.get() + "); remove allocation or set it to the capacity");
        }
        return problems;
    }

    /**
     * Checks what libvirt needs to create this volume in a pool of {@code poolType}.
     *
     * @return this volume
     * @throws InvalidSpecException listing every problem
     */
    public VolumeSpec validateFor(PoolType poolType) {
        List<String> problems = problemsFor(poolType);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return this;
    }

    /**
     * Builds a {@link VolumeSpec}.
     *
     * <pre>{@code
     * VolumeSpec.builder("swap").capacity(Size.gib(2)).allocation(Size.gib(2)).build();
     * }</pre>
     */
    public static final class Builder {
        private Optional<String> type = Optional.empty();
        private String name;
        private Optional<String> key = Optional.empty();
        private Optional<Size> capacity = Optional.empty();
        private Optional<Size> allocation = Optional.empty();
        private Optional<Size> physical = Optional.empty();
        private Optional<VolumeSource> source = Optional.empty();
        private Optional<VolumeTarget> target = Optional.empty();
        private Optional<BackingStore> backingStore = Optional.empty();
        private XmlExtras extras = XmlExtras.none();

        private Builder(String name) {
            this.name = name;
        }

        private Builder(VolumeSpec spec) {
            this(spec.name());
            type = spec.type();
            key = spec.key();
            capacity = spec.capacity();
            allocation = spec.allocation();
            physical = spec.physical();
            source = spec.source();
            target = spec.target();
            backingStore = spec.backingStore();
            extras = spec.extras();
        }

        /** The volume name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The {@code type} attribute: file, block, dir, network or netdir. */
        public Builder type(String type) {
            this.type = Optional.ofNullable(type);
            return this;
        }

        /** The key (set by libvirt). */
        public Builder key(String key) {
            this.key = Optional.ofNullable(key);
            return this;
        }

        /** The logical size. */
        public Builder capacity(Size capacity) {
            this.capacity = Optional.ofNullable(capacity);
            return this;
        }

        /** The size to allocate up front; less than the capacity makes a sparse volume. */
        public Builder allocation(Size allocation) {
            this.allocation = Optional.ofNullable(allocation);
            return this;
        }

        /** The size on the host (reported by libvirt). */
        public Builder physical(Size physical) {
            this.physical = Optional.ofNullable(physical);
            return this;
        }

        /** The devices and extents (reported by libvirt). */
        public Builder source(VolumeSource source) {
            this.source = Optional.ofNullable(source);
            return this;
        }

        /** The target. */
        public Builder target(VolumeTarget target) {
            this.target = Optional.ofNullable(target);
            return this;
        }

        /** The base image of a copy-on-write volume. */
        public Builder backingStore(BackingStore backingStore) {
            this.backingStore = Optional.ofNullable(backingStore);
            return this;
        }

        /** The volume. */
        public VolumeSpec build() {
            if (name == null) {
                throw new InvalidSpecException("a volume needs a name: VolumeSpec.builder(\"disk.qcow2\")");
            }
            return new VolumeSpec(type, name, key, capacity, allocation, physical, source, target, backingStore,
                    extras);
        }
    }
}
