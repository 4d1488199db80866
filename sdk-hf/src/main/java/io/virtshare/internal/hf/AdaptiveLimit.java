package io.virtshare.internal.hf;

import io.virtshare.hf.HfException;
import io.virtshare.hf.HfSource;
import io.virtshare.progress.Cancellation;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many requests may run at once against one host: starts at the configured maximum,
 * halves on every 429 (down to one) and grows back by one after a run of clean answers
 * (additive increase, multiplicative decrease, as TCP does).
 */
final class AdaptiveLimit {
    /** Clean answers per request slot before the limit grows by one. */
    private static final int CLEAN_PER_SLOT = 4;

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private volatile int limit;
    private int inUse;
    private int clean;

    AdaptiveLimit(int max) {
        this.max = max;
        this.limit = max;
    }

    /** Waits for a free slot, checking for cancellation every 100 ms. */
    void acquire(Cancellation cancel, HfSource source) {
        lock.lock();
        try {
            while (inUse >= limit) {
                cancel.check("downloading " + source.describe());
                freed.await(100, TimeUnit.MILLISECONDS);
            }
            inUse++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HfException("interrupted while downloading " + source.describe(), e);
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            inUse--;
            freed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The host answered 429: fewer requests at once from now on. */
    void throttled() {
        lock.lock();
        try {
            limit = Math.max(1, limit / 2);
            clean = 0;
        } finally {
            lock.unlock();
        }
    }

    /** The host answered without complaint: after enough of those, one more request at once. */
    void succeeded() {
        if (limit >= max) {
            return;   // the common case: nothing to count, no lock taken
        }
        lock.lock();
        try {
            if (limit < max && ++clean >= limit * CLEAN_PER_SLOT) {
                limit++;
                clean = 0;
                freed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The current number of requests allowed at once. */
    int limit() {
        return limit;
    }
}
