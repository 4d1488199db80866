package io.virtshare.storage;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShare;
import io.virtshare.VirtShareException;
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
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Runs one job per host on a bounded number of threads, all within one timeout, and gives one
 * result per host in the order given: what {@link PoolRollout} and {@link PoolReconcile} share.
 * A host's failure (thrown, or no answer in time) becomes that host's result through
 * {@code failed}, as a {@link BackendException} of the libvirt backend with the URI as target.
 *
 * @param operation the operation named in a failure, e.g. {@code apply pool}
 * @param subject the pool named in a failure, or null
 * @param owner the class whose builder sets the timeout, for the advice (e.g. {@code PoolRollout})
 * @param settings parallelism, timeout and home, as the owner's builder set them
 * @param failed the result of a host that failed
 */
record HostFanOut<R>(String operation, String subject, String owner, Settings settings,
        BiFunction<String, BackendException, R> failed) {
    /** The backend each URI is opened with. */
    static final String BACKEND = "libvirt";

    /**
     * What the builders of {@link PoolRollout} and {@link PoolReconcile} both set, checked as it
     * is set: how many hosts at a time (1 to 256), how long the whole run may take, and the home
     * directory of each {@link VirtShare} opened for a URI.
     */
    record Settings(int parallelism, Duration timeout, Path home) {
        Settings {
            checkParallelism(parallelism);
            positive(timeout, "timeout", "Duration.ofMinutes(2)");
            checkHome(home);
        }

        /** Up to 4 hosts at a time, 5 minutes in all, the JVM's temporary directory as home. */
        static Settings defaults() {
            return new Settings(4, Duration.ofMinutes(5), Path.of(System.getProperty("java.io.tmpdir")));
        }

        Settings withParallelism(int parallelism) {
            return new Settings(parallelism, timeout, home);
        }

        Settings withTimeout(Duration timeout) {
            return new Settings(parallelism, timeout, home);
        }

        Settings withHome(Path home) {
            return new Settings(parallelism, timeout, home);
        }
    }

    /**
     * Opens each URI with the libvirt backend, waiting at most {@code connectTimeout}, runs
     * {@code work} on it and closes it. A host that cannot be opened gets {@code unreachable}.
     */
    List<R> connectEach(List<String> uris, Duration connectTimeout, BiFunction<VirtShare, String, R> work,
            BiFunction<String, BackendException, R> unreachable) {
        List<String> targets = List.copyOf(uris);
        return run(targets, i -> {
            VirtShare host;
            try {
                host = VirtShare.builder().home(settings.home()).backend(BACKEND).uri(targets.get(i))
                        .connectTimeout(connectTimeout).build();
            } catch (BackendException e) {
                return unreachable.apply(targets.get(i), e);
            }
            try (host) {
                return work.apply(host, targets.get(i));
            }
        });
    }

    /**
     * Runs {@code work} on hosts already open, each on one thread; they stay open. A host's URI
     * is its {@link VirtShare#target()}.
     */
    List<R> onEach(List<VirtShare> hosts, BiFunction<VirtShare, String, R> work) {
        List<VirtShare> targets = List.copyOf(hosts);
        List<String> uris = targets.stream().map(VirtShare::target).toList();
        return run(uris, i -> work.apply(targets.get(i), uris.get(i)));
    }

    private List<R> run(List<String> uris, IntFunction<R> work) {
        int threads = Math.max(1, Math.min(settings.parallelism(), uris.size()));
        ExecutorService executor = Executors.newFixedThreadPool(threads,
                r -> {
                    Thread t = new Thread(r, "virtshare-" + owner.toLowerCase(java.util.Locale.ROOT));
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (int i = 0; i < uris.size(); i++) {
                int index = i;
                futures.add(executor.submit(() -> work.apply(index)));
            }
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            List<R> results = new ArrayList<>();
            for (int i = 0; i < uris.size(); i++) {
                String uri = uris.get(i);
                results.add(await(uri, futures.get(i), deadline));
            }
            return List.copyOf(results);
        } finally {
            executor.shutdownNow();
        }
    }

    private R await(String uri, Future<R> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed.apply(uri, failure(uri, BackendFailure.CONNECTION, "no result from " + uri + " within "
                    + settings.timeout().toSeconds() + " s; check that the host answers, or raise " + owner
                    + ".builder().timeout(…)", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return failed.apply(uri, failure(uri, BackendFailure.FAILED, "interrupted while waiting for " + uri
                    + "; run it there again", e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendException b) {
                return failed.apply(uri, b);
            }
            if (cause instanceof VirtShareException v) {
                return failed.apply(uri, failure(uri, BackendFailure.INVALID_REQUEST, v.getMessage(), v));
            }
            return failed.apply(uri, failure(uri, BackendFailure.FAILED, operation + " on " + uri + " failed: "
                    + cause + "; the host's libvirtd log may say more", cause));
        }
    }

    /** A failure of this job on {@code uri}. */
    private BackendException failure(String uri, BackendFailure kind, String message, Throwable cause) {
        return new BackendException(BACKEND, uri, operation, subject, kind, message, cause);
    }

    /** Checks a builder's parallelism: 1 to 256. */
    private static void checkParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > 256) {
            throw new io.virtshare.InvalidSpecException("parallelism must be 1 to 256, not " + parallelism
                    + "; give how many hosts to work on at a time");
        }
    }

    /** Checks a builder's timeout: positive. */
    static Duration positive(Duration value, String what, String example) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new io.virtshare.InvalidSpecException("the " + what + " must be positive, not " + value
                    + "; give e.g. " + example);
        }
        return value;
    }

    /** Checks a builder's home directory: given. */
    private static void checkHome(Path home) {
        if (home == null) {
            throw new io.virtshare.InvalidSpecException("the home directory must not be null; give one, e.g."
                    + " Path.of(\"/var/lib/virtshare\")");
        }
    }
}
