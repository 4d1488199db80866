package io.virtshare.storage;

import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShare;
import io.virtshare.internal.storage.DefinablePool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Brings many hosts to a set of declared pools and reports, per host, what differs and what was
 * done: the declarative counterpart of {@link PoolRollout}. {@link #plan} only reads (a dry run);
 * {@link #apply} makes the changes; a second apply finds nothing to do. Needs the {@code libvirt}
 * backend (sdk-libvirt) at run time for URIs; {@link #applyTo} works on any backend's
 * {@link VirtShare}.
 *
 * <p>On each host, pool after pool in the order declared:
 * <ul>
 * <li>a missing pool is defined, built and started ({@link PoolChange.Define}, {@link PoolChange.Start}),
 *     as {@link Pools#create(PoolSpec)} does, undone as a whole when a step fails;</li>
 * <li>an existing pool's live definition is compared with the declared spec, field by field, with
 *     the codec's semantic comparison ({@link PoolDrift}); only fields the spec states count, so
 *     what libvirt adds (UUID, sizes, permissions, a source format) is no drift;</li>
 * <li>a drifted pool that is <b>stopped</b> is redefined with the spec, keeping its UUID
 *     ({@link PoolChange.Redefine}; a dir, fs or netfs pool's directory is built again, which
 *     applies declared permissions), then started; when it does not start, the old definition is
 *     put back;</li>
 * <li>a drifted pool that is <b>started</b>, a pool of another type and a pool with another UUID
 *     are refused ({@link PoolRefusal}), and nothing of that pool (volumes, autostart) is touched;</li>
 * <li>a stopped pool is started; a stated autostart is set ({@link PoolChange.Autostart});</li>
 * <li>a declared volume the pool lacks is created ({@link PoolChange.CreateVolume}); one with a
 *     larger declared capacity is grown ({@link PoolChange.GrowVolume}); one that would shrink, or
 *     whose stated fields (format, permissions …) differ, is refused; volumes not declared are
 *     left alone.</li>
 * </ul>
 * Nothing is ever deleted. A failed change ends that host's run with a
 * {@link ReconcileReport.Failed} (what was made before it stays); a host that cannot be reached
 * within {@link Builder#connectTimeout(Duration)} is {@link ReconcileReport.Unreachable}; neither
 * stops the other hosts. A host with no result when {@link Builder#timeout(Duration)} ends is
 * {@link ReconcileReport.Failed} without changes listed: libvirt calls cannot be interrupted, so
 * changes may have been made there; plan it again to see. In a plan, a pool not started yet cannot be listed, so each of its
 * declared volumes is planned as created; apply creates only those missing once it is started.
 *
 * <pre>{@code
 * PoolDeclaration images = PoolDeclaration.of(PoolSpec.dir("images").target(Path.of("/srv/images")).build(),
 *         VolumeSpec.builder("base.raw").capacity(Size.gib(1)).build()).withAutostart(true);
 * PoolReconcile reconcile = PoolReconcile.builder().connectTimeout(Duration.ofSeconds(10)).build();
 * for (ReconcileReport r : reconcile.plan(List.of(images), List.of("qemu:///system", "qemu+ssh://root@kvm2/system"))) {
 *     r.drift().forEach(d -> System.out.println(r.uri() + ": " + d.describe()));
 *     r.changes().forEach(c -> System.out.println(r.uri() + ": would " + c.describe()));
 * }
 * }</pre>
 */
public final class PoolReconcile {
    private final HostFanOut.Settings settings;
    private final Duration connectTimeout;

    private PoolReconcile(Builder builder) {
        this.settings = builder.settings;
        this.connectTimeout = builder.connectTimeout;
    }

    /** Up to 4 hosts at a time, 30 s to connect, 5 minutes in all. */
    public static PoolReconcile defaults() {
        return builder().build();
    }

    /** A builder to choose parallelism and timeouts. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What {@link #apply} would do on each host, changing nothing (a dry run): the drift, the
     * changes planned and what would be refused.
     *
     * @throws InvalidSpecException when a declaration cannot be sent to any host, or two declare one pool
     */
    public List<ReconcileReport> plan(List<PoolDeclaration> pools, List<String> uris) {
        return connectEach(pools, uris, true);
    }

    /**
     * Reconciles each host with {@code pools}; see the class description for the rules.
     *
     * @throws InvalidSpecException when a declaration cannot be sent to any host, or two declare one pool
     */
    public List<ReconcileReport> apply(List<PoolDeclaration> pools, List<String> uris) {
        return connectEach(pools, uris, false);
    }

    /** {@link #plan} on hosts already open (they stay open; each is used by one thread). */
    public List<ReconcileReport> planOn(List<PoolDeclaration> pools, List<VirtShare> hosts) {
        return onEach(pools, hosts, true);
    }

    /** {@link #apply} on hosts already open (they stay open; each is used by one thread). */
    public List<ReconcileReport> applyTo(List<PoolDeclaration> pools, List<VirtShare> hosts) {
        return onEach(pools, hosts, false);
    }

    private List<ReconcileReport> connectEach(List<PoolDeclaration> pools, List<String> uris, boolean dryRun) {
        List<PoolDeclaration> declared = checked(pools);
        return fanOut().connectEach(uris, connectTimeout,
                (host, uri) -> new HostReconciler(uri, host.pools(), dryRun).run(declared),
                ReconcileReport.Unreachable::new);
    }

    private List<ReconcileReport> onEach(List<PoolDeclaration> pools, List<VirtShare> hosts, boolean dryRun) {
        List<PoolDeclaration> declared = checked(pools);
        return fanOut().onEach(hosts, (host, uri) -> new HostReconciler(uri, host.pools(), dryRun).run(declared));
    }

    private HostFanOut<ReconcileReport> fanOut() {
        return new HostFanOut<>("reconcile pools", null, "PoolReconcile", settings,
                // no result in time (changes may have been made) or an unexpected failure: what was done is unknown
                (uri, e) -> new ReconcileReport.Failed(uri, List.of(), List.of(), List.of(), Optional.empty(), e));
    }

    private static List<PoolDeclaration> checked(List<PoolDeclaration> pools) {
        List<PoolDeclaration> declared = List.copyOf(pools);
        Set<String> names = new HashSet<>();
        for (PoolDeclaration d : declared) {
            DefinablePool.xml(d.pool());
            if (!names.add(d.name())) {
                throw new InvalidSpecException("pool " + d.name() + " is declared twice; declare each pool once,"
                        + " with all its volumes");
            }
        }
        return declared;
    }

    /**
     * Builds a {@link PoolReconcile}.
     *
     * <pre>{@code
     * PoolReconcile.builder().parallelism(16).connectTimeout(Duration.ofSeconds(5)).timeout(Duration.ofMinutes(2)).build();
     * }</pre>
     */
    public static final class Builder {
        private HostFanOut.Settings settings = HostFanOut.Settings.defaults();
        private Duration connectTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** How many hosts are worked on at a time (1 to 256, default 4). */
        public Builder parallelism(int parallelism) {
            settings = settings.withParallelism(parallelism);
            return this;
        }

        /** How long the whole run may take, connections included (default 5 minutes). */
        public Builder timeout(Duration timeout) {
            settings = settings.withTimeout(timeout);
            return this;
        }

        /** How long connecting to one host may take before it is reported unreachable (default 30 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = HostFanOut.positive(connectTimeout, "connect timeout", "Duration.ofSeconds(10)");
            return this;
        }

        /** The home directory given to each {@link VirtShare} opened for a URI (default: the JVM's temporary directory). */
        public Builder home(Path home) {
            settings = settings.withHome(home);
            return this;
        }

        /** The reconcile. */
        public PoolReconcile build() {
            return new PoolReconcile(this);
        }
    }
}
