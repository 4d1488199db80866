package io.virtshare.internal.hf;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps requests within the quotas the Hub announces in its IETF-draft headers
 * ({@code RateLimit: "resolvers";r=2999;t=63}, {@code RateLimit-Policy: "fixed
 * window";"resolvers";q=3000;w=300}), one state per kind of request ({@code api} calls,
 * {@code resolve} calls, anything else): while plenty remains requests go at once; when
 * what remains gets low they are spread over the rest of the window; when nothing remains
 * they wait for the window to end. Header values are untrusted: unreadable ones are
 * ignored, waits are capped.
 */
final class RateLimitPacer {
    /** Longer headers are not parsed. */
    private static final int MAX_HEADER = 2048;
    /** Longer bucket names are not read. */
    private static final int MAX_NAME = 64;
    /** Longer numbers are not read. */
    private static final int MAX_DIGITS = 18;

    /** One reading of the {@code RateLimit} header (and the policy's quota, or -1). */
    record Reading(String bucket, long remaining, long resetSeconds, long quota) {
    }

    private static final class State {
        boolean known;
        int inFlight;
        String bucket = "";
        long remaining;
        long quota = -1;
        long resetAtNanos;
        long nextAtNanos;
    }

    private final long maxWaitMillis;
    private final int reserve;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /**
     * @param maxWaitMillis the longest wait for a window to end (hostile values are capped to it)
     * @param reserve remaining requests below which requests are spread out (at least the
     *     concurrency, so that requests in flight do not overshoot)
     */
    RateLimitPacer(long maxWaitMillis, int reserve) {
        this.maxWaitMillis = maxWaitMillis;
        this.reserve = reserve;
    }

    /** The kind of request whose quota {@code uri} counts against. */
    static String kindOf(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return path.startsWith("/api/") ? "api" : path.contains("/resolve/") ? "resolve" : uri.getHost();
    }

    /**
     * Counts a request of {@code kind} about to go out and returns how many milliseconds it
     * should wait first (0 for at once). Every call is followed by one {@link #answered}.
     */
    long reserve(String kind) {
        State s = states.computeIfAbsent(kind, k -> new State());
        synchronized (s) {
            s.inFlight++;
            long now = System.nanoTime();
            if (!s.known || now - s.resetAtNanos >= 0) {
                return 0;   // no reading, or its window ended: nothing known about this one
            }
            long wait;
            if (s.remaining <= 0) {
                wait = s.resetAtNanos - now;
            } else if (s.remaining <= low(s)) {
                long spacing = (s.resetAtNanos - now) / s.remaining;
                long at = Math.max(now, s.nextAtNanos);
                s.nextAtNanos = at + spacing;
                wait = at - now;
            } else {
                wait = 0;
            }
            s.remaining--;
            return Math.min(maxWaitMillis, wait / 1_000_000);
        }
    }

    private long low(State s) {
        return reserve + (s.quota > 0 ? s.quota / 20 : 0);
    }

    /**
     * Takes in the headers of the answer to a request of {@code kind} (empty when none came):
     * the newest reading holds, less the requests still in flight, which the Hub had not
     * counted yet when it answered.
     */
    void answered(String kind, Optional<String> rateLimit, Optional<String> policy) {
        State s = states.computeIfAbsent(kind, k -> new State());
        Optional<Reading> reading = rateLimit.flatMap(r -> parse(r, policy.orElse(null)));
        synchronized (s) {
            s.inFlight = Math.max(0, s.inFlight - 1);
            if (reading.isEmpty()) {
                return;
            }
            Reading r = reading.get();
            long resetAt = System.nanoTime() + Math.min(maxWaitMillis, r.resetSeconds() * 1000) * 1_000_000;
            s.known = true;
            s.bucket = r.bucket();
            s.quota = r.quota();
            s.remaining = r.remaining() - s.inFlight;
            s.resetAtNanos = resetAt;
        }
    }

    /** The bucket name the Hub gave requests of {@code kind}, for messages (empty when unknown). */
    String bucket(String kind) {
        State s = states.get(kind);
        if (s == null) {
            return "";
        }
        synchronized (s) {
            return s.bucket;
        }
    }

    /** Milliseconds until the window of {@code kind} ends, or -1 when unknown. */
    long untilReset(String kind) {
        State s = states.get(kind);
        if (s == null) {
            return -1;
        }
        synchronized (s) {
            if (!s.known) {
                return -1;
            }
            long left = (s.resetAtNanos - System.nanoTime()) / 1_000_000;
            return left > 0 ? left : -1;
        }
    }

    /**
     * Reads a {@code RateLimit} header (items separated by commas; the most constraining wins)
     * and the quota from {@code RateLimit-Policy}; empty when unreadable.
     */
    static Optional<Reading> parse(String rateLimit, String policy) {
        if (rateLimit == null || rateLimit.length() > MAX_HEADER) {
            return Optional.empty();
        }
        Reading best = null;
        for (String item : rateLimit.split(",")) {
            long r = param(item, "r");
            long t = param(item, "t");
            if (r < 0 || t < 0) {
                continue;
            }
            String bucket = name(item);
            if (best == null || r < best.remaining()) {
                best = new Reading(bucket, r, t, quota(policy, bucket));
            }
        }
        return Optional.ofNullable(best);
    }

    private static long quota(String policy, String bucket) {
        if (policy == null || policy.length() > MAX_HEADER) {
            return -1;
        }
        for (String item : policy.split(",")) {
            if (bucket.isEmpty() || item.contains("\"" + bucket + "\"")) {
                long q = param(item, "q");
                if (q > 0) {
                    return q;
                }
            }
        }
        return -1;
    }

    /**
     * The quoted name an item starts with (after white space), at most {@value #MAX_NAME}
     * characters; empty when there is none. Read by hand, not with a regular expression: the
     * Hub sends these headers with every file, and an import of thousands of small files reads
     * them thousands of times.
     */
    private static String name(String item) {
        int i = skipSpace(item, 0, item.length());
        if (i >= item.length() || item.charAt(i) != '"') {
            return "";
        }
        int close = item.indexOf('"', i + 1);
        return close < 0 || close - i - 1 > MAX_NAME ? "" : item.substring(i + 1, close);
    }

    /**
     * A non-negative integer parameter {@code ;key=value} (white space allowed around the name
     * and the {@code =}; the first {@code ;name=number} with this name counts), or -1 when absent,
     * negative, or unreadable: a name of lower-case letters, a number of at most
     * {@value #MAX_DIGITS} digits not followed by a letter, digit or {@code _}.
     */
    private static long param(String item, String key) {
        int end = item.length();
        int from = 0;
        while (true) {
            int semicolon = item.indexOf(';', from);
            if (semicolon < 0) {
                return -1;
            }
            int nameStart = skipSpace(item, semicolon + 1, end);
            int nameEnd = nameStart;
            while (nameEnd < end && item.charAt(nameEnd) >= 'a' && item.charAt(nameEnd) <= 'z') {
                nameEnd++;
            }
            int equals = skipSpace(item, nameEnd, end);
            if (nameEnd == nameStart || equals >= end || item.charAt(equals) != '=') {
                from = semicolon + 1;
                continue;
            }
            int sign = skipSpace(item, equals + 1, end);
            boolean negative = sign < end && item.charAt(sign) == '-';
            int digits = negative ? sign + 1 : sign;
            int digitsEnd = digits;
            while (digitsEnd < end && item.charAt(digitsEnd) >= '0' && item.charAt(digitsEnd) <= '9') {
                digitsEnd++;
            }
            if (digitsEnd == digits || digitsEnd - digits > MAX_DIGITS
                    || (digitsEnd < end && isWord(item.charAt(digitsEnd)))) {
                from = semicolon + 1;
                continue;
            }
            if (item.regionMatches(nameStart, key, 0, key.length()) && nameEnd - nameStart == key.length()) {
                long value = Long.parseLong(item, digits, digitsEnd, 10);
                return negative && value != 0 ? -1 : value;
            }
            from = digitsEnd;
        }
    }

    private static int skipSpace(String s, int from, int end) {
        int i = from;
        while (i < end && " \t\n\u000B\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean isWord(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
