package io.virtshare.examples.runner;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An instant as {@link Instant#toString()} writes it ({@code 2026-12-03T01:02:43.982Z}),
 * without the {@code java.time.format} machinery behind it: the first {@code toString} of a
 * JVM builds the JDK's standard formatters, a few ms of every runner command that prints an
 * image's {@code created}. Years outside 0–9999 are left to {@link Instant#toString()}.
 */
final class IsoInstant {
    private IsoInstant() {
    }

    /** {@code instant} as {@link Instant#toString()} writes it. */
    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return instant.toString();
        }
        StringBuilder text = new StringBuilder(30);
        pad(text, t.getYear(), 4).append('-');
        pad(text, t.getMonthValue(), 2).append('-');
        pad(text, t.getDayOfMonth(), 2).append('T');
        pad(text, t.getHour(), 2).append(':');
        pad(text, t.getMinute(), 2).append(':');
        pad(text, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano > 0) {
            text.append('.');
            if (nano % 1_000_000 == 0) {
                pad(text, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                pad(text, nano / 1000, 6);
            } else {
                pad(text, nano, 9);
            }
        }
        return text.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
