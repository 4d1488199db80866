package io.virtshare.internal.libvirt;

import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolDelete;
import io.virtshare.storage.PoolBuild;
import io.virtshare.storage.PoolState;
import io.virtshare.storage.PoolInfo;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.Size;
import io.virtshare.xml.XmlCodec;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StoragePoolInfo;

/**
 * One storage pool of a {@link LibvirtHost}, by name and UUID. Every call asks libvirt
 * afresh, so a pool changed by {@code virsh} or another program is seen as it is now.
 * Calls that change the pool return it, so steps chain.
 */
final class LibvirtPool implements Pool {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    private final LibvirtHost host;
    private final String name;
    private final String uuid;

    LibvirtPool(LibvirtHost host, String name, String uuid) {
        this.host = host;
        this.name = name;
        this.uuid = uuid;
    }

    /** The pool name. */
    public String name() {
        return name;
    }

    /** The pool UUID. */
    public String uuid() {
        return uuid;
    }

    /** The host the pool lives on. */
    LibvirtHost host() {
        return host;
    }

    /**
     * Builds the pool's storage ({@code virStoragePoolBuild}): a dir pool's directory, an fs
     * pool's mount point (and file system, with {@link PoolBuild#NO_OVERWRITE} or
     * {@link PoolBuild#OVERWRITE}), a logical pool's volume group. Pool types without
     * anything to build accept it and do nothing.
     *
     * @return this pool
     */
    public LibvirtPool build(PoolBuild mode) {
        return change("build pool", p -> p.build(LibvirtFlags.of(mode)));
    }

    /** Builds with {@link PoolBuild#NEW}. */
    public LibvirtPool build() {
        return build(PoolBuild.NEW);
    }

    /**
     * Starts the pool: mounts an fs or netfs pool, activates a volume group, logs in to an
     * iSCSI target, and lists the volumes.
     *
     * @return this pool
     */
    public LibvirtPool start() {
        return change("start pool", p -> p.create(0));
    }

    /**
     * Stops the pool — libvirt's {@code destroy}, which despite the name only deactivates
     * it: an fs or netfs pool is unmounted, a volume group deactivated; no data or volume is
     * removed and the pool stays defined.
     *
     * @return this pool
     */
    public LibvirtPool stop() {
        return change("stop pool", StoragePool::destroy);
    }

    /**
     * Sets whether libvirt starts the pool when libvirtd starts.
     *
     * @return this pool
     */
    public LibvirtPool autostart(boolean on) {
        return change("set autostart of pool", p -> p.setAutostart(on ? 1 : 0));
    }

    /** Whether libvirt starts the pool when libvirtd starts. */
    public boolean autostart() {
        return on("read autostart of pool", StoragePool::getAutostart);
    }

    /**
     * Asks libvirt to look at the pool's storage again (new or removed volumes, sizes).
     *
     * @return this pool
     */
    public LibvirtPool refresh() {
        return change("refresh pool", p -> p.refresh(0));
    }

    /** Whether the pool is started. */
    public boolean isActive() {
        return on("read state of pool", p -> p.isActive() == 1);
    }

    /** State, sizes, persistence and autostart, as libvirt reports them now. */
    public PoolInfo info() {
        return on("read info of pool", p -> {
            StoragePoolInfo info = p.getInfo();
            return new PoolInfo(name, uuid, LibvirtFlags.poolState(info.state == null ? 4 : info.state.ordinal()),
                    Size.ofUnsignedBytes(info.capacity), Size.ofUnsignedBytes(info.allocation),
                    Size.ofUnsignedBytes(info.available),
                    p.isPersistent() == 1, p.getAutostart());
        });
    }

    /** The pool's XML as libvirt writes it now (with sizes when started). */
    public String xml() {
        return on("read XML of pool", p -> p.getXMLDesc(0));
    }

    /** The pool's XML read into a spec; XML the model does not know is kept in its extras. */
    public PoolSpec spec() {
        return CODEC.readPool(xml());
    }

    /** The pool's type, from its XML. */
    public PoolType type() {
        return spec().type();
    }

    /**
     * Removes the pool's definition. A started pool stays running (as a transient pool)
     * until stopped; stop it first to remove it entirely.
     */
    public void undefine() {
        change("undefine pool", StoragePool::undefine);
    }

    /** Deletes the storage of a stopped pool with {@link PoolDelete#NORMAL}. */
    public void delete() {
        delete(PoolDelete.NORMAL);
    }

    /**
     * Deletes the storage of a stopped pool ({@code virStoragePoolDelete}): a dir pool's
     * directory (which must be empty), an fs pool's mount point, a logical pool's volume
     * group. The definition stays; {@link #undefine()} removes it.
     */
    public void delete(PoolDelete mode) {
        change("delete pool", p -> p.delete(LibvirtFlags.of(mode)));
    }

    /** The pool's volumes. */
    public LibvirtVolumes volumes() {
        return new LibvirtVolumes(this);
    }

    interface PoolCall<T> {
        T call(StoragePool pool) throws LibvirtException;
    }

    interface PoolStep {
        void call(StoragePool pool) throws LibvirtException;
    }

    private LibvirtPool change(String operation, PoolStep step) {
        on(operation, p -> {
            step.call(p);
            return null;
        });
        return this;
    }

    /** Runs {@code call} on a fresh handle of this pool, found by UUID. */
    <T> T on(String operation, PoolCall<T> call) {
        return host.storage(operation, name, null, Existing.POOL, () -> {
            StoragePool pool = host.connection().storagePoolLookupByUUIDString(uuid);
            try {
                return call.call(pool);
            } finally {
                Handles.free(pool);
            }
        });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LibvirtPool p && p.uuid.equals(uuid) && p.host == host;
    }

    @Override
    public int hashCode() {
        return uuid.hashCode();
    }

    @Override
    public String toString() {
        return "LibvirtPool[" + name + " on " + host.uri() + "]";
    }
}
