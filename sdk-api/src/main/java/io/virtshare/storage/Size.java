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
 * written: bytes. Sizes are never negative and never exceed {@link #MAX_BYTES}
 * (2<sup>64</sup> − 1 bytes, libvirt's {@code unsigned long long}): pools may report that
 * much; volumes stop at {@link Long#MAX_VALUE} bytes, as libvirt's do
 * ({@link VolumeSpec} checks). Two sizes are equal when they hold the same number of
 * bytes, whatever their units.
 *
 * <pre>{@code
 * Size five = Size.parse("5 G");            // 5 GiB, written back as 5 G
 * five.bytes();                             // 5368709120
 * five.equals(Size.gib(5));                 // true
 * Size.parse("10 GB").bytes();              // 10000000000
 * Size.parse("18446744073709551615").exactBytes();   // 2^64 - 1, a pool's largest size
 * }</pre>
 *
 * @param value the number as written
 * @param unit the unit as written; empty when none was written (bytes)
 */
public record Size(BigInteger value, String unit) implements Comparable<Size> {
    /** The largest size, in bytes: 2<sup>64</sup> − 1 (16 EiB less one byte), libvirt's largest. */
    public static final BigInteger MAX_BYTES = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final Pattern UNIT = Pattern.compile(
            "([bB]([yY][tT][eE][sS]?)?)|([kKmMgGtTpPeE]([iI]?[bB])?)");
    private static final Pattern TEXT = Pattern.compile("\\s*([+-]?[0-9]+)\\s*([A-Za-z]*)\\s*");
    private static final String UNITS = "b, bytes, k/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of 1024)"
            + " or KB, MB, GB, TB, PB, EB (powers of 1000)";

    /**
     * Checks the unit, and that the size is 0 or more and at most {@link #MAX_BYTES} bytes.
     */
    public Size {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        if (value.signum() < 0) {
            throw new InvalidSpecException("size " + value + " " + unit + " is negative; sizes are 0 or more");
        }
        long multiplier = multiplier(unit);
        if (value.multiply(BigInteger.valueOf(multiplier)).compareTo(MAX_BYTES) > 0) {
            throw new InvalidSpecException("size " + (value + " " + unit).strip() + " is larger than " + MAX_BYTES
                    + " bytes (16 EiB less one byte), the largest size libvirt handles");
        }
    }

    /**
     * A size of {@code value} {@code unit}s.
     *
     * @param value the number, 0 or more
     * @param unit the unit; empty for bytes
     */
    public Size(long value, String unit) {
        this(BigInteger.valueOf(value), unit);
    }

    /** A size in bytes, written with {@code unit='bytes'} as libvirt writes sizes. */
    public static Size ofBytes(long bytes) {
        return new Size(bytes, "bytes");
    }

    /**
     * A size in bytes from an unsigned 64-bit number, as libvirt's C API and its Java binding
     * report pool sizes: a negative {@code long} there means 2<sup>63</sup> bytes or more.
     */
    public static Size ofUnsignedBytes(long bytes) {
        return new Size(new BigInteger(Long.toUnsignedString(bytes)), "bytes");
    }

    /** A size of {@code value} {@code unit}s, e.g. {@code Size.of(10, "GiB")}. */
    public static Size of(long value, String unit) {
        return new Size(value, unit);
    }

    /** A size of {@code value} {@code unit}s, for numbers beyond a {@code long}. */
    public static Size of(BigInteger value, String unit) {
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
        digits = digits.replaceFirst("^0+(?=[0-9])", "");
        if (digits.length() > 40) {
            throw new InvalidSpecException("size " + digits.substring(0, 20) + "… (" + digits.length() + " digits) is"
                    + " larger than " + MAX_BYTES + " bytes (16 EiB less one byte), the largest size libvirt handles");
        }
        return new Size(new BigInteger(digits), unit == null ? "" : unit);
    }

    /**
     * The number of bytes, as a {@code long}: every volume size, and every pool size below 8 EiB.
     *
     * @throws InvalidSpecException when the size is {@link Long#MAX_VALUE} bytes or more
     *     (only a pool's can be): use {@link #exactBytes()}
     */
    public long bytes() {
        BigInteger bytes = exactBytes();
        if (bytes.compareTo(LONG_MAX) > 0) {
            throw new InvalidSpecException("size " + format() + " is " + bytes + " bytes, more than a Java long"
                    + " holds; use exactBytes()");
        }
        return bytes.longValue();
    }

    /** The number of bytes, exactly: up to {@link #MAX_BYTES}. */
    public BigInteger exactBytes() {
        return value.multiply(BigInteger.valueOf(multiplier(unit)));
    }

    /** Whether this size is more than {@link Long#MAX_VALUE} bytes, which libvirt refuses for volumes. */
    boolean exceedsLong() {
        return exactBytes().compareTo(LONG_MAX) > 0;
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
        return unit.isEmpty() ? value.toString() : value + " " + unit;
    }

    @Override
    public int compareTo(Size other) {
        return exactBytes().compareTo(other.exactBytes());
    }

    /** Equal when both hold the same number of bytes, whatever the units. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Size s && s.exactBytes().equals(exactBytes());
    }

    @Override
    public int hashCode() {
        return exactBytes().hashCode();
    }

    @Override
    public String toString() {
        return format();
    }
}
