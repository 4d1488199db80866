package io.virtshare.testkit.hf;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake Hub's request quotas per bucket over fixed windows, as the real Hub counts them
 * ({@code api}, {@code resolvers}), and the IETF-draft headers it sends about them.
 */
final class RateLimits {
    private static final int DEFAULT_QUOTA = 1_000_000;
    private static final Duration DEFAULT_WINDOW = Duration.ofSeconds(300);

    /** One bucket's quota and the current window's count. */
    private static final class Bucket {
        final int quota;
        final long windowNanos;
        long windowStart = System.nanoTime();
        int used;

        Bucket(int quota, Duration window) {
            this.quota = quota;
            this.windowNanos = window.toNanos();
        }
    }

    /** What one request learnt: whether it is allowed, what remains, and seconds until the window ends. */
    record Verdict(boolean allowed, String bucket, int quota, long windowSeconds, int remaining, long resetSeconds) {
        String rateLimit() {
            return "\"" + bucket + "\";r=" + remaining + ";t=" + resetSeconds;
        }

        String policy() {
            return "\"fixed window\";\"" + bucket + "\";q=" + quota + ";w=" + windowSeconds;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    void set(String bucket, int quota, Duration window) {
        if (quota < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs quota >= 0 and a positive window, not " + quota
                    + ", " + window);
        }
        buckets.put(bucket, new Bucket(quota, window));
    }

    void reset() {
        buckets.clear();
    }

    /** Counts a request against {@code bucket}. */
    Verdict take(String bucket) {
        Bucket b = buckets.computeIfAbsent(bucket, k -> new Bucket(DEFAULT_QUOTA, DEFAULT_WINDOW));
        synchronized (b) {
            long now = System.nanoTime();
            if (now - b.windowStart >= b.windowNanos) {
                b.windowStart = now;
                b.used = 0;
            }
            long reset = Math.max(1, (b.windowStart + b.windowNanos - now + 999_999_999L) / 1_000_000_000L);
            boolean allowed = b.used < b.quota;
            if (allowed) {
                b.used++;
            }
            return new Verdict(allowed, bucket, b.quota, b.windowNanos / 1_000_000_000L, b.quota - b.used, reset);
        }
    }
}
