package io.virtshare.storage;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShare;
import io.virtshare.VirtShareException;
import io.virtshare.internal.storage.DefinablePool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

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
    /** The backend each URI is opened with. */
    private static final String BACKEND = "libvirt";

    private final int parallelism;
    private final Duration timeout;
    private final Path home;

    private PoolRollout(Builder builder) {
        this.parallelism = builder.parallelism;
        this.timeout = builder.timeout;
        this.home = builder.home;
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
        List<String> targets = List.copyOf(uris);
        return run(spec.name().orElse(null), targets, i -> {
            try (VirtShare host = VirtShare.builder().home(home).backend(BACKEND).uri(targets.get(i))
                    .connectTimeout(timeout).build()) {
                return applyOn(host, targets.get(i), spec);
            }
        });
    }

    /**
     * Applies {@code spec} on hosts already open. Each is used by one thread only; they stay
     * open. A host's URI in its result is its {@link VirtShare#target()}.
     */
    public List<HostResult> applyTo(PoolSpec spec, List<VirtShare> hosts) {
        DefinablePool.xml(spec);
        List<VirtShare> targets = List.copyOf(hosts);
        List<String> uris = targets.stream().map(VirtShare::target).toList();
        return run(spec.name().orElse(null), uris, i -> applyOn(targets.get(i), uris.get(i), spec));
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

    private List<HostResult> run(String pool, List<String> uris, IntFunction<HostResult> work) {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, uris.size())),
                r -> {
                    Thread t = new Thread(r, "virtshare-pool-rollout");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<HostResult>> futures = new ArrayList<>();
            for (int i = 0; i < uris.size(); i++) {
                int index = i;
                futures.add(executor.submit(() -> work.apply(index)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            List<HostResult> results = new ArrayList<>();
            for (int i = 0; i < uris.size(); i++) {
                results.add(await(uris.get(i), pool, futures.get(i), deadline));
            }
            return List.copyOf(results);
        } finally {
            executor.shutdownNow();
        }
    }

    private HostResult await(String uri, String pool, Future<HostResult> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed(uri, pool, BackendFailure.CONNECTION, "no result from " + uri + " within "
                    + timeout.toSeconds() + " s; check that the host answers, or raise PoolRollout.builder()"
                    + ".timeout(…)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return failed(uri, pool, BackendFailure.FAILED, "interrupted while waiting for " + uri
                    + "; apply the pool there again", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendException b) {
                return new HostResult.Failed(uri, b);
            }
            if (cause instanceof VirtShareException v) {
                return failed(uri, pool, BackendFailure.INVALID_REQUEST, v.getMessage(), v);
            }
            return failed(uri, pool, BackendFailure.FAILED, "applying the pool on " + uri + " failed: " + cause
                    + "; the host's libvirtd log may say more", cause);
        }
    }

    private static HostResult failed(String uri, String pool, BackendFailure kind, String message, Throwable cause) {
        return new HostResult.Failed(uri, new BackendException(BACKEND, uri, "apply pool", pool, kind, message, cause));
    }

    /**
     * Builds a {@link PoolRollout}.
     *
     * <pre>{@code
     * PoolRollout.builder().parallelism(16).timeout(Duration.ofSeconds(90)).build();
     * }</pre>
     */
    public static final class Builder {
        private int parallelism = 4;
        private Duration timeout = Duration.ofMinutes(5);
        private Path home = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder() {
        }

        /** How many hosts are worked on at a time (1 to 256, default 4). */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 256) {
                throw new InvalidSpecException("parallelism must be 1 to 256, not " + parallelism
                        + "; give how many hosts to work on at a time");
            }
            this.parallelism = parallelism;
            return this;
        }

        /** How long the whole rollout may take, connections included (default 5 minutes). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new InvalidSpecException("the timeout must be positive, not " + timeout
                        + "; give e.g. Duration.ofMinutes(2)");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The home directory given to each {@link VirtShare} the rollout opens (default: the
         * JVM's temporary directory; the libvirt backend keeps nothing there).
         */
        public Builder home(Path home) {
            if (home == null) {
                throw new InvalidSpecException("the home directory must not be null; give one, e.g. Path.of(\"/var/lib/virtshare\")");
            }
            this.home = home;
            return this;
        }

        /** The rollout. */
        public PoolRollout build() {
            return new PoolRollout(this);
        }
    }
}
