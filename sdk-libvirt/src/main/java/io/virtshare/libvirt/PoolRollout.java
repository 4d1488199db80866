package io.virtshare.libvirt;

import io.virtshare.VirtShareException;
import io.virtshare.storage.PoolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 *
 * <p>Each host gets the pool defined, built and started (see {@link Pools#create(PoolSpec)};
 * a failed step is undone on that host), or, when a pool of that name exists there already,
 * started if it was not. At most {@link Builder#parallelism(int)} hosts are worked on at a
 * time, and the whole run waits at most {@link Builder#timeout(Duration)}. Every host gets a
 * {@link HostResult}, in the order given; one host's failure is never thrown.
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
    private final int parallelism;
    private final Duration timeout;

    private PoolRollout(Builder builder) {
        this.parallelism = builder.parallelism;
        this.timeout = builder.timeout;
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
     * @throws io.virtshare.InvalidSpecException when the spec itself cannot be sent to any host
     */
    public List<HostResult> apply(PoolSpec spec, List<String> uris) {
        Pools.definableXml(spec);
        List<String> targets = List.copyOf(uris);
        return run(targets, i -> {
            try (LibvirtHost host = LibvirtHost.connect(targets.get(i), timeout)) {
                return applyOn(host, spec);
            }
        });
    }

    /**
     * Applies {@code spec} on hosts already connected. Each host is used by one thread only;
     * the connections stay open.
     */
    public List<HostResult> applyTo(PoolSpec spec, List<LibvirtHost> hosts) {
        Pools.definableXml(spec);
        List<LibvirtHost> targets = List.copyOf(hosts);
        List<String> uris = targets.stream().map(LibvirtHost::uri).toList();
        return run(uris, i -> applyOn(targets.get(i), spec));
    }

    private static HostResult applyOn(LibvirtHost host, PoolSpec spec) {
        Pools pools = host.pools();
        var existing = spec.name().flatMap(pools::lookup);
        if (existing.isPresent()) {
            Pool pool = existing.get();
            if (!pool.isActive()) {
                pool.start();
            }
            return new HostResult.Applied(host.uri(), pool.info(), false);
        }
        return new HostResult.Applied(host.uri(), pools.create(spec).info(), true);
    }

    private List<HostResult> run(List<String> uris, IntFunction<HostResult> work) {
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
                results.add(await(uris.get(i), futures.get(i), deadline));
            }
            return List.copyOf(results);
        } finally {
            executor.shutdownNow();
        }
    }

    private HostResult await(String uri, Future<HostResult> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new HostResult.Failed(uri, new LibvirtHostException(uri, "no result from " + uri + " within "
                    + timeout.toSeconds() + " s; check that the host answers, or raise PoolRollout.builder()"
                    + ".timeout(…)", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new HostResult.Failed(uri, new LibvirtHostException(uri, "interrupted while waiting for " + uri, e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            VirtShareException error = cause instanceof VirtShareException v ? v
                    : new LibvirtHostException(uri, "applying the pool on " + uri + " failed: " + cause, cause);
            return new HostResult.Failed(uri, error);
        }
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

        private Builder() {
        }

        /** How many hosts are worked on at a time (1 to 256, default 4). */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 256) {
                throw new io.virtshare.InvalidSpecException("parallelism must be 1 to 256, not " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** How long the whole rollout may take, connections included (default 5 minutes). */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new io.virtshare.InvalidSpecException("the timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The rollout. */
        public PoolRollout build() {
            return new PoolRollout(this);
        }
    }
}
