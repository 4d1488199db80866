package io.virtshare.storage;

import io.virtshare.InvalidSpecException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libvirt size: a whole number and the unit it was written with, so that writing
 * gives back what was read ({@code <capacity unit='G'>5</capacity>} stays {@code 5 G}).
 *
 * <p>Units follow libvirt ({@code virScaleInteger}, schema {@code basictypes.rng}), case
 * insensitive: {@code b}, {@code byte}, {@code bytes} are bytes; a single letter
 * ({@code k}, {@code M}, {@code G}, {@code T}, {@code P}, {@code E}) or a letter and
 * {@code iB} ({@code KiB}, {@code MiB}, …) are powers of 1024; a letter and {@code B}
 * ({@code KB}, {@code MB}, …) are powers of 1000. An empty unit means no unit was
 * written: bytes. Sizes are never negative and never exceed {@link Long#MAX_VALUE}
 * bytes (8 EiB). Two sizes are equal when they hold the same number of bytes,
 * whatever their units.
 *
 * <pre>{@code
 * Size five = Size.parse("5 G");            // 5 GiB, written back as 5 G
 * five.bytes();                             // 5368709120
 * five.equals(Size.gib(5));                 // true
 * Size.parse("10 GB").bytes();              // 10000000000
 * }</pre>
 *
 * @param value the number as written
 * @param unit the unit as written; empty when none was written (bytes)
 */
public record Size(long value, String unit) implements Comparable<Size> {
    private static final Pattern UNIT = Pattern.compile(
            "([bB]([yY][tT][eE][sS]?)?)|([kKmMgGtTpPeE]([iI]?[bB])?)");
    private static final Pattern TEXT = Pattern.compile("\\s*([+-]?[0-9]+)\\s*([A-Za-z]*)\\s*");
    private static final String UNITS = "b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of 1024)"
            + " or KB, MB, GB, TB, PB, EB (powers of 1000)";

    /**
     * Checks the unit and that the size fits in a long number of bytes.
     */
    public Size {
        Objects.requireNonNull(unit, "unit");
        if (value < 0) {
            throw new InvalidSpecException("size " + value + " " + unit + " is negative; sizes are 0 or more");
        }
        long multiplier = multiplier(unit);
        if (value != 0 && value > Long.MAX_VALUE / multiplier) {
            throw new InvalidSpecException("size " + value + " " + unit + " is larger than "
                    + Long.MAX_VALUE + " bytes (8 EiB), the largest size this SDK handles");
        }
    }

    /** A size in bytes, written with {@code unit='bytes'} as libvirt writes sizes. */
    public static Size ofBytes(long bytes) {
        return new Size(bytes, "bytes");
    }

    /** A size of {@code value} {@code unit}s, e.g. {@code Size.of(10, "GiB")}. */
    public static Size of(long value, String unit) {
        return new Size(value, unit);
    }

    /** {@code value} KiB (1024 bytes each). */
    public static Size kib(long value) {
        return new Size(value, "KiB");
    }

    /** {@code value} MiB. */
    public static Size mib(long value) {
        return new Size(value, "MiB");
    }

    /** {@code value} GiB. */
    public static Size gib(long value) {
        return new Size(value, "GiB");
    }

    /** {@code value} TiB. */
    public static Size tib(long value) {
        return new Size(value, "TiB");
    }

    /**
     * Parses a size such as {@code 10 GiB}, {@code 10G}, {@code 512 bytes} or {@code 4096}.
     *
     * @throws InvalidSpecException when it is not a whole number with a libvirt unit,
     *     is negative or overflows
     */
    public static Size parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new InvalidSpecException("'" + text + "' is not a size; write a whole number and a unit, e.g. 10 GiB");
        }
        return parse(m.group(1), m.group(2));
    }

    /**
     * Parses a number and a unit given apart, as in {@code <capacity unit='G'>5</capacity>}.
     *
     * @param value the number, digits only
     * @param unit the unit, or null or empty for none
     * @throws InvalidSpecException when the number or unit is not valid, or the size overflows
     */
    public static Size parse(String value, String unit) {
        String digits = value == null ? "" : value.strip();
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (!digits.matches("-?[0-9]+")) {
            throw new InvalidSpecException("'" + value + "' is not a whole number of " + (unit == null
                    || unit.isEmpty() ? "bytes" : unit));
        }
        if (digits.startsWith("-")) {
            throw new InvalidSpecException("size " + value + " is negative; sizes are 0 or more");
        }
        BigInteger number = new BigInteger(digits);
        if (number.bitLength() > 63) {
            throw new InvalidSpecException("size " + value + " is larger than " + Long.MAX_VALUE
                    + " bytes (8 EiB), the largest size this SDK handles");
        }
        return new Size(number.longValueExact(), unit == null ? "" : unit);
    }

    /** The number of bytes. */
    public long bytes() {
        return value * multiplier(unit);
    }

    /** How many bytes one {@code unit} is; 1 for an empty unit. */
    public static long multiplier(String unit) {
        if (unit.isEmpty()) {
            return 1;
        }
        if (!UNIT.matcher(unit).matches()) {
            throw new InvalidSpecException("unit '" + unit + "' is not a libvirt unit; use " + UNITS);
        }
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.charAt(0) == 'b') {
            return 1;
        }
        long base = u.length() == 2 ? 1000 : 1024;
        int power = "kmgtpe".indexOf(u.charAt(0)) + 1;
        long result = 1;
        for (int i = 0; i < power; i++) {
            result *= base;
        }
        return result;
    }

    /** The size as text that {@link #parse(String)} reads back, e.g. {@code 5 G} or {@code 4096}. */
    public String format() {
        return unit.isEmpty() ? Long.toString(value) : value + " " + unit;
    }

    @Override
    public int compareTo(Size other) {
        return Long.compare(bytes(), other.bytes());
    }

    /** Equal when both hold the same number of bytes, whatever the units. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Size s && s.bytes() == bytes();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes());
    }

    @Override
    public String toString() {
        return format();
    }
}
