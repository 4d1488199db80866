package io.virtshare.storage;

import io.virtshare.BackendException;
import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShare;
import io.virtshare.internal.storage.DefinablePool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Applies one pool spec to many hosts at once: the way to grow beyond one machine, with
 * libvirt's remote protocol and a shared filesystem behind netfs, gluster or rbd pools.
 * Needs the {@code libvirt} backend (sdk-libvirt) on the class path at run time: each URI is
 * opened with {@code VirtShare.builder().backend("libvirt").uri(uri)}.
 *
 * <p>Each host gets the pool defined, built and started (see {@link Pools#create(PoolSpec)};
 * a failed step is undone on that host), or, when a pool of that name exists there already,
 * started if it was not. At most {@link Builder#parallelism(int)} hosts are worked on at a
 * time, and the whole run, connections included, waits at most {@link Builder#timeout(Duration)}.
 * Every host gets a {@link HostResult}, in the order given; one host's failure is never thrown
 * but reported as a {@link BackendException} with the host's URI as target.
 *
 * <p>libvirt calls cannot be interrupted: a host that has not answered when the timeout
 * ends is reported as failed, but its calls may still complete afterwards.
 *
 * <pre>{@code
 * PoolRollout rollout = PoolRollout.builder().parallelism(8).timeout(Duration.ofMinutes(2)).build();
 * List<HostResult> results = rollout.apply(PoolSpec.netfs("images").host("nfs.example.com")
 *         .dir(Path.of("/exports/images")).target(Path.of("/var/lib/virtshare/images")).build(),
 *         List.of("qemu+ssh://root@kvm1/system", "qemu+ssh://root@kvm2/system"));
 * results.stream().filter(r -> !r.ok()).forEach(r -> System.err.println(r.uri() + ": "
 *         + r.error().orElseThrow().getMessage()));
 * }</pre>
 */
public final class PoolRollout {
    private final HostFanOut.Settings settings;

    private PoolRollout(Builder builder) {
        this.settings = builder.settings;
    }

    /** A rollout working on up to 4 hosts at a time, for at most 5 minutes. */
    public static PoolRollout defaults() {
        return builder().build();
    }

    /** A builder to choose parallelism and timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects to each URI (within the timeout), applies {@code spec} and closes the connection.
     *
     * @throws InvalidSpecException when the spec itself cannot be sent to any host
     */
    public List<HostResult> apply(PoolSpec spec, List<String> uris) {
        DefinablePool.xml(spec);
        // a host that cannot be opened fails like any other step there
        return fanOut(spec).connectEach(uris, settings.timeout(), (host, uri) -> applyOn(host, uri, spec),
                HostResult.Failed::new);
    }

    /**
     * Applies {@code spec} on hosts already open. Each is used by one thread only; they stay
     * open. A host's URI in its result is its {@link VirtShare#target()}.
     */
    public List<HostResult> applyTo(PoolSpec spec, List<VirtShare> hosts) {
        DefinablePool.xml(spec);
        return fanOut(spec).onEach(hosts, (host, uri) -> applyOn(host, uri, spec));
    }

    private static HostResult applyOn(VirtShare host, String uri, PoolSpec spec) {
        Pools pools = host.pools();
        var existing = spec.name().flatMap(pools::find);
        if (existing.isPresent()) {
            Pool pool = existing.get();
            if (!pool.isActive()) {
                pool.start();
            }
            return new HostResult.Applied(uri, pool.info(), false);
        }
        return new HostResult.Applied(uri, pools.create(spec).info(), true);
    }

    private HostFanOut<HostResult> fanOut(PoolSpec spec) {
        return new HostFanOut<>("apply pool", spec.name().orElse(null), "PoolRollout", settings,
                HostResult.Failed::new);
    }

    /**
     * Builds a {@link PoolRollout}.
     *
     * <pre>{@code
     * PoolRollout.builder().parallelism(16).timeout(Duration.ofSeconds(90)).build();
     * }</pre>
     */
    public static final class Builder {
        private HostFanOut.Settings settings = HostFanOut.Settings.defaults();

        private Builder() {
        }

        /** How many hosts are worked on at a time (1 to 256, default 4). */
        public Builder parallelism(int parallelism) {
            settings = settings.withParallelism(parallelism);
            return this;
        }

        /** How long the whole rollout may take, connections included (default 5 minutes). */
        public Builder timeout(Duration timeout) {
            settings = settings.withTimeout(timeout);
            return this;
        }

        /**
         * The home directory given to each {@link VirtShare} the rollout opens (default: the
         * JVM's temporary directory; the libvirt backend keeps nothing there).
         */
        public Builder home(Path home) {
            settings = settings.withHome(home);
            return this;
        }

        /** The rollout. */
        public PoolRollout build() {
            return new PoolRollout(this);
        }
    }
}
