package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.internal.storage.DefinablePool;
import io.virtshare.storage.Host;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolBuild;
import io.virtshare.storage.PoolCapabilities;
import io.virtshare.storage.PoolDelete;
import io.virtshare.storage.PoolSource;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.Pools;
import io.virtshare.storage.Volume;
import io.virtshare.xml.XmlCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * The storage pools of one {@link LibvirtHost}: define, create (define, build and start in
 * one step, undone on failure), find, list, and the host's pool capabilities.
 *
 * <p>Specs are checked before anything reaches libvirt ({@link DefinablePool#xml(PoolSpec)}):
 * a netfs pool without a host, or a type libvirt does not know ({@code directory} for
 * {@code dir}), fails here with a message saying what to add or change, not in libvirtd.
 * Sheepdog pools, which libvirt removed, are refused. When libvirt itself refuses a
 * definition, the error says that nothing is defined and what libvirt named.
 */
final class LibvirtPools implements Pools {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    private final LibvirtHost host;

    LibvirtPools(LibvirtHost host) {
        this.host = host;
    }

    /** The connection these pools live on. */
    LibvirtHost host() {
        return host;
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidSpecException when the spec lacks what its type needs, its type is not one
     *     libvirt knows, or it is a sheepdog pool
     */
    @Override
    public LibvirtPool define(PoolSpec spec) {
        String xml = DefinablePool.xml(spec);
        return host.storage("define pool", spec.name().orElse(null), null, Existing.NOTHING_YET, () -> {
            StoragePool defined = host.connection().storagePoolDefineXML(xml, 0);
            try {
                return new LibvirtPool(host, defined.getName(), defined.getUUIDString());
            } finally {
                Handles.free(defined);
            }
        });
    }

    /**
     * {@inheritDoc} The storage the build made is deleted and the definition removed; the
     * step's error carries any failure of the undoing as suppressed, and once the definition is
     * removed it no longer suggests inspecting the pool.
     */
    @Override
    public LibvirtPool create(PoolSpec spec, PoolBuild build) {
        Objects.requireNonNull(build, "build");
        LibvirtPool pool = define(spec);
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
            if (undo(e, pool::undefine) && e instanceof BackendException failure) {
                throw Failures.undone(failure, pool.name());
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

    @Override
    public Optional<Pool> find(String name) {
        Objects.requireNonNull(name, "name");
        return lookup("look up pool", name, () -> host.connection().storagePoolLookupByName(name)).map(p -> p);
    }

    @Override
    public LibvirtPool get(String name) {
        Objects.requireNonNull(name, "name");
        return lookup("look up pool", name, () -> host.connection().storagePoolLookupByName(name))
                .orElseThrow(() -> Failures.failure(host.uri(), "get pool", name, null, Existing.HOST,
                        BackendFailure.NOT_FOUND, "no pool of that name", null));
    }

    private Optional<LibvirtPool> lookup(String operation, String what, LibvirtCall<StoragePool> lookup) {
        try {
            return Optional.of(host.storage(operation, what, null, Existing.HOST, () -> {
                StoragePool found = lookup.call();
                try {
                    return new LibvirtPool(host, found.getName(), found.getUUIDString());
                } finally {
                    Handles.free(found);
                }
            }));
        } catch (BackendException e) {
            if (e.failure() == BackendFailure.NOT_FOUND || e.failure() == BackendFailure.INVALID_REQUEST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<Pool> list() {
        List<LibvirtPool> all = new ArrayList<>(byName(host.storage("list pools", null, null, Existing.HOST,
                () -> host.connection().listStoragePools())));
        all.addAll(byName(host.storage("list pools", null, null, Existing.HOST,
                () -> host.connection().listDefinedStoragePools())));
        all.sort(Comparator.comparing(LibvirtPool::name));
        return List.copyOf(all);
    }

    private List<LibvirtPool> byName(String[] names) {
        List<LibvirtPool> pools = new ArrayList<>();
        for (String name : names) {
            // a pool removed meanwhile is skipped
            lookup("look up pool", name, () -> host.connection().storagePoolLookupByName(name)).ifPresent(pools::add);
        }
        return pools;
    }

    @Override
    public Optional<Volume> findVolume(Path path) {
        Objects.requireNonNull(path, "path");
        String where = path.toString();
        try {
            return Optional.of(host.storage("look up volume by path", null, where, Existing.HOST, () -> {
                StorageVol vol = host.connection().storageVolLookupByPath(where);
                StoragePool pool = null;
                try {
                    pool = vol.storagePoolLookupByVolume();
                    return new LibvirtVolume(new LibvirtPool(host, pool.getName(), pool.getUUIDString()),
                            vol.getName(), vol.getKey(), vol.getPath());
                } finally {
                    Handles.free(pool);
                    Handles.free(vol);
                }
            }));
        } catch (BackendException e) {
            if (e.failure() == BackendFailure.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The pool types this host's libvirt supports and the formats each takes
     * ({@code virConnectGetStoragePoolCapabilities}, libvirt 5.2 and later).
     *
     * @throws BackendException with {@link BackendFailure#NOT_SUPPORTED} when the driver does
     *     not offer them (the {@code test:///default} driver does not)
     */
    @Override
    public PoolCapabilities capabilities() {
        String xml = StorageCapabilities.read(host.uri(), host.connection());
        return StorageCapabilities.parse(xml);
    }

    /**
     * {@inheritDoc} Through {@code virConnectFindStoragePoolSources}; the host is sent as
     * {@code <source><host name='…' port='…'/></source>}, and the {@code <sources>} libvirt answers
     * is read with the codec, as hostile input.
     */
    @Override
    public List<PoolSource> discoverSources(PoolType type, Optional<Host> server) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(server, "server");
        String typeName = type.xmlName().filter(n -> !type.removedFromLibvirt()).orElseThrow(() ->
                new InvalidSpecException("cannot discover sources of " + type + " pools: libvirt does not know that"
                        + " pool type (any more); give one of netfs, logical, iscsi, gluster"));
        String query = server.map(h -> "<source><host name='" + attribute(h.name()) + "'"
                + h.port().map(p -> " port='" + p + "'").orElse("") + "/></source>").orElse(null);
        String xml = host.storage("discover " + typeName + " pool sources" + server.map(h -> " of " + h.name())
                .orElse(""), null, null, Existing.HOST,
                () -> host.connection().findStoragePoolSources(typeName, query, 0));
        return CODEC.readPoolSources(xml, type);
    }

    /** {@code value} as the text of an XML attribute in single quotes. */
    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
