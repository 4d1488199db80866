package io.virtshare.storage;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShareException;
import io.virtshare.internal.storage.PoolDrifts;
import io.virtshare.xml.XmlCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles the declared pools on one host, pool after pool, by the rules of
 * {@link PoolReconcile}; in a dry run it only reads. Used by one thread.
 */
final class HostReconciler {
    private static final XmlCodec CODEC = XmlCodec.defaults();
    /** Pool types whose build only makes the target directory (with the declared permissions). */
    private static final Set<PoolType> BUILD_MAKES_DIRECTORY = Set.of(PoolType.DIR, PoolType.FS, PoolType.NETFS);

    private final String uri;
    private final Pools pools;
    private final boolean dryRun;
    private final List<PoolDrift> drift = new ArrayList<>();
    private final List<PoolChange> changes = new ArrayList<>();
    private final List<PoolRefusal> refusals = new ArrayList<>();
    private PoolChange current;
    private String currentPool;

    HostReconciler(String uri, Pools pools, boolean dryRun) {
        this.uri = uri;
        this.pools = pools;
        this.dryRun = dryRun;
    }

    ReconcileReport run(List<PoolDeclaration> declarations) {
        try {
            for (PoolDeclaration declaration : declarations) {
                currentPool = declaration.name();
                reconcile(declaration);
            }
            return new ReconcileReport.Reconciled(uri, dryRun, drift, changes, refusals);
        } catch (BackendException e) {
            return failed(e);
        } catch (VirtShareException e) {
            return failed(new BackendException(HostFanOut.BACKEND, uri, "reconcile pool", currentPool,
                    BackendFailure.FAILED, "reconciling pool " + currentPool + " on " + uri + " failed: "
                    + e.getMessage(), e));
        }
    }

    private ReconcileReport failed(BackendException e) {
        return new ReconcileReport.Failed(uri, drift, changes, refusals, Optional.ofNullable(current), e);
    }

    private void reconcile(PoolDeclaration declaration) {
        String name = declaration.name();
        Optional<Pool> found = pools.find(name);
        Pool[] pool = {found.orElse(null)};
        boolean autostartNow = false;
        if (found.isEmpty()) {
            // define, build and start are one step, undone as a whole when one fails
            make(new PoolChange.Define(name, declaration.pool().typeName()),
                    () -> pool[0] = pools.create(declaration.pool()));
            make(new PoolChange.Start(name), () -> { });
        } else {
            Pool live = found.get();
            boolean active = live.isActive();
            autostartNow = live.autostart();
            List<PoolDrift> poolDrift = PoolDrifts.pool(declaration.pool(), live.xml());
            drift.addAll(poolDrift);
            Optional<String> refused = refusal(live, active, poolDrift);
            if (refused.isPresent()) {
                refusals.add(new PoolRefusal(name, Optional.empty(), refused.get(), poolDrift));
                return;
            }
            String before = poolDrift.isEmpty() ? null : live.xml();
            PoolChange.Redefine redefine = poolDrift.isEmpty() ? null : new PoolChange.Redefine(name, poolDrift);
            if (redefine != null) {
                make(redefine, () -> redefine(live, declaration.pool(), before));
            }
            if (!active) {
                make(new PoolChange.Start(name), () -> start(live, redefine, before));
            }
        }
        boolean wasOn = autostartNow;
        declaration.autostart().filter(on -> on != wasOn)
                .ifPresent(on -> make(new PoolChange.Autostart(name, on), () -> pool[0].autostart(on)));
        volumes(declaration, pool[0]);
    }

    /** Why the drift of {@code live} cannot be reconciled, if it cannot. */
    private Optional<String> refusal(Pool live, boolean active, List<PoolDrift> poolDrift) {
        String name = live.name();
        for (PoolDrift d : poolDrift) {
            if (d.field().equals("/pool/@type")) {
                return Optional.of("pool " + name + " on " + uri + " is a " + d.actual().orElse("?") + " pool, declared "
                        + d.expected().orElse("?") + ": a pool's type cannot change; declare it under another name,"
                        + " or save its volumes and remove it by hand (virsh pool-undefine " + name + ")");
            }
            if (d.field().equals("/pool/uuid")) {
                return Optional.of("pool " + name + " on " + uri + " has UUID " + d.actual().orElse("?") + ", declared "
                        + d.expected().orElse("?") + ": it is another pool of that name; leave the UUID out of the"
                        + " declaration, or remove that pool by hand");
            }
        }
        if (!active || poolDrift.isEmpty()) {
            return Optional.empty();
        }
        String fields = poolDrift.stream().map(PoolDrift::field).collect(Collectors.joining(", "));
        String stop = "stop it (virsh -c " + uri + " pool-destroy " + name + ") once nothing uses it and apply again,"
                + " or change the declaration";
        if (poolDrift.stream().anyMatch(d -> d.field().startsWith("/pool/source"))) {
            return Optional.of("pool " + name + " on " + uri + " is started and its source differs (" + fields
                    + "): switching the storage under a started pool, whose volumes guests may use, is not safe; "
                    + stop);
        }
        return Optional.of("pool " + name + " on " + uri + " is started and its definition differs (" + fields
                + "): libvirt would apply a new definition only at the next start; " + stop);
    }

    /** Defines the declared pool over the stopped {@code live} one (same UUID) and builds its directory. */
    private void redefine(Pool live, PoolSpec declared, String before) {
        Pool redefined = pools.define(declared.toBuilder().uuid(live.uuid()).build());
        if (BUILD_MAKES_DIRECTORY.contains(declared.type())) {
            try {
                redefined.build(PoolBuild.NEW);
            } catch (RuntimeException e) {
                restore(before, e);
                throw e;
            }
        }
    }

    /** Starts {@code live}; when it was just redefined and does not start, its old definition is put back. */
    private void start(Pool live, PoolChange.Redefine redefined, String before) {
        try {
            live.start();
        } catch (RuntimeException e) {
            if (redefined != null && restore(before, e)) {
                changes.remove(redefined);
            }
            throw e;
        }
    }

    /** Defines the pool as {@code xml} again; a failure is attached to {@code failure}. */
    private boolean restore(String xml, RuntimeException failure) {
        try {
            pools.define(CODEC.readPool(xml));
            return true;
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    private void volumes(PoolDeclaration declaration, Pool pool) {
        String name = declaration.name();
        boolean listable = pool != null && pool.isActive();
        for (VolumeSpec declared : declaration.volumes()) {
            Size capacity = declared.capacity().orElseThrow();
            Optional<Volume> live = listable ? pool.volumes().find(declared.name()) : Optional.empty();
            if (live.isEmpty()) {
                // in a dry run a pool not started yet cannot be listed: every declared volume is planned
                make(new PoolChange.CreateVolume(name, declared.name(), capacity),
                        () -> pool.volumes().create(declared));
                continue;
            }
            Volume volume = live.get();
            List<PoolDrift> volumeDrift = PoolDrifts.volume(name, declared, volume.xml());
            Size liveCapacity = volume.info().capacity();
            Optional<PoolDrift> capacityDrift = PoolDrifts.capacity(name, declared.name(), capacity.bytes(),
                    liveCapacity.bytes());
            drift.addAll(volumeDrift);
            capacityDrift.ifPresent(drift::add);
            if (!volumeDrift.isEmpty()) {
                refusals.add(new PoolRefusal(name, Optional.of(declared.name()), "volume " + declared.name() + " in pool "
                        + name + " on " + uri + " exists with another definition ("
                        + volumeDrift.stream().map(PoolDrift::field).collect(Collectors.joining(", "))
                        + "): libvirt cannot change it in place and making it again would lose its data; change the"
                        + " declaration, or move the data and delete the volume by hand", volumeDrift));
            } else if (capacity.bytes() > liveCapacity.bytes()) {
                make(new PoolChange.GrowVolume(name, declared.name(), liveCapacity, capacity),
                        () -> volume.resize(capacity));
            } else if (capacityDrift.isPresent()) {
                refusals.add(new PoolRefusal(name, Optional.of(declared.name()), "volume " + declared.name()
                        + " in pool " + name + " on " + uri + " would shrink from " + liveCapacity.bytes() + " to "
                        + capacity.bytes() + " bytes, which loses the data at its end; declare at least "
                        + liveCapacity.bytes() + " bytes, or shrink it by hand (virsh vol-resize --shrink) if that is"
                        + " meant", List.of(capacityDrift.get())));
            }
        }
    }

    /** Records {@code change} and, unless in a dry run, makes it. */
    private void make(PoolChange change, Runnable action) {
        if (!dryRun) {
            current = change;
            action.run();
            current = null;
        }
        changes.add(change);
    }
}
