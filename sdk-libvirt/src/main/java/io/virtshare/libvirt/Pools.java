package io.virtshare.libvirt;

import io.virtshare.storage.PoolCapabilities;
import io.virtshare.storage.PoolDelete;
import io.virtshare.storage.PoolBuild;
import io.virtshare.InvalidSpecException;
import io.virtshare.libvirt.internal.Existing;
import io.virtshare.libvirt.internal.Failures;
import io.virtshare.libvirt.internal.Handles;
import io.virtshare.libvirt.internal.StorageCapabilities;
import io.virtshare.storage.PoolSpec;
import io.virtshare.xml.XmlCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * The storage pools of one {@link LibvirtHost}: define, create (define, build and start in
 * one step, undone on failure), look up, list, and the host's pool capabilities.
 *
 * <p>Specs are validated before anything reaches libvirt ({@link PoolSpec#validate()}):
 * a netfs pool without a host, or a type libvirt does not know ({@code directory} for
 * {@code dir}), fails here with a message saying what to add or change, not in libvirtd.
 * Sheepdog pools, which libvirt removed, are refused. When libvirt itself refuses a
 * definition, the error says that nothing is defined and what libvirt named.
 *
 * <pre>{@code
 * try (LibvirtHost host = LibvirtHost.connect("qemu:///system")) {
 *     Pool images = host.pools().create(PoolSpec.dir("images").target(Path.of("/var/lib/virtshare/images")).build());
 *     Optional<Pool> same = host.pools().lookup("images");
 *     host.pools().list().forEach(p -> System.out.println(p.name()));
 * }
 * }</pre>
 */
public final class Pools {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    private final LibvirtHost host;

    Pools(LibvirtHost host) {
        this.host = host;
    }

    /**
     * Defines a persistent pool from {@code spec}; it is neither built nor started.
     *
     * @throws InvalidSpecException when the spec lacks what its type needs, its type is not one
     *     libvirt knows, or it is a sheepdog pool
     * @throws LibvirtOperationException when libvirt refuses (e.g. a pool of that name exists)
     */
    public Pool define(PoolSpec spec) {
        String xml = definableXml(spec);
        return host.storage("define pool", spec.name().orElse(null), null, Existing.NOTHING_YET, () -> {
            StoragePool defined = host.connection().storagePoolDefineXML(xml, 0);
            try {
                return new Pool(host, defined.getName(), defined.getUUIDString());
            } finally {
                Handles.free(defined);
            }
        });
    }

    /** Defines, builds ({@link PoolBuild#NEW}) and starts a pool; see {@link #create(PoolSpec, PoolBuild)}. */
    public Pool create(PoolSpec spec) {
        return create(spec, PoolBuild.NEW);
    }

    /**
     * Defines, builds and starts a pool. When a step fails, what was done is undone (the
     * storage the build made is deleted, the definition removed) and the step's error is
     * thrown, with any failure of the undoing attached as suppressed; once the definition is
     * removed the error no longer suggests inspecting the pool.
     *
     * @throws InvalidSpecException when the spec lacks what its type needs
     * @throws LibvirtOperationException when a step fails
     */
    public Pool create(PoolSpec spec, PoolBuild build) {
        Objects.requireNonNull(build, "build");
        Pool pool = define(spec);
        boolean built = false;
        try {
            pool.build(build);
            built = true;
            pool.start();
            return pool;
        } catch (RuntimeException e) {
            if (built) {
                undo(e, () -> pool.delete(PoolDelete.NORMAL));
            }
            if (undo(e, pool::undefine) && e instanceof LibvirtOperationException failure) {
                throw Failures.undone(failure);
            }
            throw e;
        }
    }

    /** Runs {@code step}; its failure is attached to {@code failure}. Returns whether it worked. */
    private static boolean undo(RuntimeException failure, Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    /** The pool called {@code name}, if the host has one. */
    public Optional<Pool> lookup(String name) {
        Objects.requireNonNull(name, "name");
        return find("look up pool", name, () -> host.connection().storagePoolLookupByName(name));
    }

    /** The pool whose UUID is {@code uuid}, if the host has one. */
    public Optional<Pool> lookupByUuid(String uuid) {
        Objects.requireNonNull(uuid, "uuid");
        return find("look up pool by UUID", uuid, () -> host.connection().storagePoolLookupByUUIDString(uuid));
    }

    private Optional<Pool> find(String operation, String what, LibvirtHost.LibvirtCall<StoragePool> lookup) {
        try {
            return Optional.of(host.storage(operation, what, null, Existing.HOST, () -> {
                StoragePool found = lookup.call();
                try {
                    return new Pool(host, found.getName(), found.getUUIDString());
                } finally {
                    Handles.free(found);
                }
            }));
        } catch (LibvirtOperationException e) {
            if (e.failure() == LibvirtFailure.NOT_FOUND || e.failure() == LibvirtFailure.INVALID_REQUEST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every pool of the host, started or not, by name. */
    public List<Pool> list() {
        List<Pool> all = new ArrayList<>(active());
        all.addAll(inactive());
        all.sort(java.util.Comparator.comparing(Pool::name));
        return List.copyOf(all);
    }

    /** The started pools. */
    public List<Pool> active() {
        return byName(host.storage("list pools", null, null, Existing.HOST, () -> host.connection().listStoragePools()));
    }

    /** The defined pools that are not started. */
    public List<Pool> inactive() {
        return byName(host.storage("list pools", null, null, Existing.HOST, () -> host.connection().listDefinedStoragePools()));
    }

    private List<Pool> byName(String[] names) {
        List<Pool> pools = new ArrayList<>();
        for (String name : names) {
            lookup(name).ifPresent(pools::add); // a pool removed meanwhile is skipped
        }
        return List.copyOf(pools);
    }

    /** The volume whose key is {@code key}, in whichever pool holds it. */
    public Optional<Volume> volumeByKey(String key) {
        Objects.requireNonNull(key, "key");
        return volume("look up volume by key", key, () -> host.connection().storageVolLookupByKey(key));
    }

    /** The volume at {@code path}, in whichever pool holds it. */
    public Optional<Volume> volumeByPath(String path) {
        Objects.requireNonNull(path, "path");
        return volume("look up volume by path", path, () -> host.connection().storageVolLookupByPath(path));
    }

    private Optional<Volume> volume(String operation, String what, LibvirtHost.LibvirtCall<StorageVol> lookup) {
        try {
            return Optional.of(host.storage(operation, null, what, Existing.HOST, () -> {
                StorageVol vol = lookup.call();
                StoragePool pool = null;
                try {
                    pool = vol.storagePoolLookupByVolume();
                    return new Volume(new Pool(host, pool.getName(), pool.getUUIDString()), vol.getName(),
                            vol.getKey(), vol.getPath());
                } finally {
                    Handles.free(pool);
                    Handles.free(vol);
                }
            }));
        } catch (LibvirtOperationException e) {
            if (e.failure() == LibvirtFailure.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The pool types this host's libvirt supports and the formats each takes
     * ({@code virConnectGetStoragePoolCapabilities}, libvirt 5.2 and later).
     *
     * @throws LibvirtOperationException with {@link LibvirtFailure#NOT_SUPPORTED} when the
     *     driver does not offer them (the {@code test:///default} driver does not)
     */
    public PoolCapabilities capabilities() {
        String xml = StorageCapabilities.read(host.uri(), host.connection());
        return StorageCapabilities.parse(xml);
    }

    /** The XML to send for {@code spec}, after checking it can be sent. */
    static String definableXml(PoolSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.type().removedFromLibvirt()) {
            throw new InvalidSpecException("pool " + spec.name().orElse("(unnamed)") + " is a sheepdog pool, a type"
                    + " removed from libvirt (8.8): this SDK reads such XML but does not send it to a live host;"
                    + " move the volumes to an rbd or gluster pool");
        }
        spec.validate();
        return CODEC.writePool(spec);
    }
}
