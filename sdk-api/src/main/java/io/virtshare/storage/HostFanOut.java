package io.virtshare.storage;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShareException;
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
 */
record HostFanOut(String operation, String subject, String owner, int parallelism, Duration timeout) {
    /** The backend each URI is opened with. */
    static final String BACKEND = "libvirt";

    <R> List<R> run(List<String> uris, IntFunction<R> work, BiFunction<String, BackendException, R> failed) {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, uris.size())),
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
            long deadline = System.nanoTime() + timeout.toNanos();
            List<R> results = new ArrayList<>();
            for (int i = 0; i < uris.size(); i++) {
                String uri = uris.get(i);
                results.add(await(uri, futures.get(i), deadline, e -> failed.apply(uri, e)));
            }
            return List.copyOf(results);
        } finally {
            executor.shutdownNow();
        }
    }

    private <R> R await(String uri, Future<R> future, long deadline, java.util.function.Function<BackendException, R> failed) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed.apply(failure(uri, BackendFailure.CONNECTION, "no result from " + uri + " within "
                    + timeout.toSeconds() + " s; check that the host answers, or raise " + owner + ".builder()"
                    + ".timeout(…)", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return failed.apply(failure(uri, BackendFailure.FAILED, "interrupted while waiting for " + uri
                    + "; run it there again", e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendException b) {
                return failed.apply(b);
            }
            if (cause instanceof VirtShareException v) {
                return failed.apply(failure(uri, BackendFailure.INVALID_REQUEST, v.getMessage(), v));
            }
            return failed.apply(failure(uri, BackendFailure.FAILED, operation + " on " + uri + " failed: " + cause
                    + "; the host's libvirtd log may say more", cause));
        }
    }

    /** A failure of this job on {@code uri}. */
    BackendException failure(String uri, BackendFailure kind, String message, Throwable cause) {
        return new BackendException(BACKEND, uri, operation, subject, kind, message, cause);
    }

    /** Checks a builder's parallelism: 1 to 256. */
    static int parallelism(int parallelism) {
        if (parallelism < 1 || parallelism > 256) {
            throw new io.virtshare.InvalidSpecException("parallelism must be 1 to 256, not " + parallelism
                    + "; give how many hosts to work on at a time");
        }
        return parallelism;
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
    static java.nio.file.Path home(java.nio.file.Path home) {
        if (home == null) {
            throw new io.virtshare.InvalidSpecException("the home directory must not be null; give one, e.g."
                    + " Path.of(\"/var/lib/virtshare\")");
        }
        return home;
    }
}
