package io.virtshare.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The storage pools of the target a {@link io.virtshare.VirtShare} is connected to: define,
 * create, find and list them. Reached with {@code vs.pools()}; each backend (libvirt, XML
 * files) implements it.
 *
 * <pre>{@code
 * try (var vs = VirtShare.open(home)) {
 *     Pool pool = vs.pools().create(PoolSpec.dir("images").target(Path.of("/srv/images")).build());
 *     Volume disk = pool.volumes().create(VolumeSpec.builder("disk1").capacity(Size.gib(10)).build());
 * }
 * }</pre>
 */
public interface Pools {
    /**
     * Defines a persistent pool from {@code spec}; it is neither built nor started.
     *
     * @throws io.virtshare.InvalidSpecException when the spec lacks what its type needs
     * @throws io.virtshare.BackendException when the target refuses, e.g. with
     *     {@link io.virtshare.BackendFailure#ALREADY_EXISTS}
     */
    Pool define(PoolSpec spec);

    /** Defines, builds ({@link PoolBuild#NEW}) and starts a pool; see {@link #create(PoolSpec, PoolBuild)}. */
    default Pool create(PoolSpec spec) {
        return create(spec, PoolBuild.NEW);
    }

    /**
     * Defines, builds and starts a pool. When a step fails, what was done is undone and the
     * step's error is thrown.
     *
     * @throws io.virtshare.InvalidSpecException when the spec lacks what its type needs
     * @throws io.virtshare.BackendException when a step fails
     */
    Pool create(PoolSpec spec, PoolBuild build);

    /** The pool called {@code name}, if the target has one. */
    Optional<Pool> find(String name);

    /**
     * The pool called {@code name}.
     *
     * @throws io.virtshare.BackendException with {@link io.virtshare.BackendFailure#NOT_FOUND}
     *     when the target has none
     */
    Pool get(String name);

    /** Every pool of the target, started or not, sorted by name. */
    List<Pool> list();

    /** The volume at {@code path}, in whichever pool holds it. */
    Optional<Volume> findVolume(Path path);

    /**
     * The pool types the target supports and the formats each takes.
     *
     * @throws io.virtshare.BackendException with {@link io.virtshare.BackendFailure#NOT_SUPPORTED}
     *     when the target cannot say (libvirt before 5.2, the {@code test:///default} driver, a
     *     backend without pools)
     */
    PoolCapabilities capabilities();

    /**
     * The pool sources the target can find for a {@code type} pool, as libvirt's
     * {@code virConnectFindStoragePoolSources} does: the exports of an NFS server (netfs), the
     * volume groups of this host (logical), the targets of an iSCSI portal (iscsi), the volumes
     * of a Gluster server (netfs or gluster). Each is a typed source, ready for
     * {@code PoolSpec.builder(type).source(found)}.
     *
     * <pre>{@code
     * List<PoolSource> vgs = vs.pools().discoverSources(PoolType.LOGICAL, Optional.empty());
     * List<PoolSource> exports = vs.pools().discoverSources(PoolType.NETFS, Optional.of(Host.of("nfs.example.com")));
     * }</pre>
     *
     * @param host the server to ask: netfs, iscsi and gluster need one; logical scans the target itself
     * @throws io.virtshare.InvalidSpecException when the type is not one libvirt knows, or was removed from it
     * @throws io.virtshare.BackendException with {@link io.virtshare.BackendFailure#NOT_SUPPORTED} when the
     *     pool type has no discovery (dir, fs, disk, …) or the backend none at all; with another failure when the
     *     discovery itself fails (no such server, a tool such as {@code pvs} or {@code showmount} missing there)
     */
    List<PoolSource> discoverSources(PoolType type, Optional<Host> host);
}
