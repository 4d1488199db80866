package io.virtshare.internal.xml;

import io.virtshare.storage.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** Parsing and formatting of the value types libvirt XML uses. */
final class Values {
    static final String YES_NO = "yes or no";
    static final String ON_OFF = "on or off";
    static final String WHOLE_NUMBER = "a whole number";
    static final String OCTAL = "an octal mode such as 0755";

    private Values() {
    }

    static boolean yesNo(String value) {
        return bool(value, "yes", "no");
    }

    static boolean onOff(String value) {
        return bool(value, "on", "off");
    }

    private static boolean bool(String value, String yes, String no) {
        if (value.equals(yes)) {
            return true;
        }
        if (value.equals(no)) {
            return false;
        }
        throw new IllegalArgumentException("expected " + yes + " or " + no);
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    static String onOff(boolean value) {
        return value ? "on" : "off";
    }

    static int octal(String value) {
        return Integer.parseInt(value, 8);
    }

    static String octal(int mode) {
        return "0" + Integer.toOctalString(mode);
    }

    /** Seconds since the epoch with up to nine decimals, as libvirt writes timestamps. */
    static Instant timestamp(String value) {
        BigDecimal seconds = new BigDecimal(value);
        if (seconds.signum() < 0 || seconds.scale() > 9) {
            throw new IllegalArgumentException("expected seconds with at most nine decimals");
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValueExact();
        return Instant.ofEpochSecond(whole, nanos);
    }

    static String timestamp(Instant t) {
        return t.getNano() == 0 ? Long.toString(t.getEpochSecond())
                : t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    /** Reads a scaled integer element: its text and {@code unit} attribute. */
    static Size size(ElementReader r) {
        String unit = r.attr("unit").orElse("");
        return r.text(v -> Size.parse(v, unit), "a size");
    }

    /** Writes a scaled integer element, with the unit it was read with. */
    static void size(ElementWriter w, String name, Optional<Size> size) {
        size.ifPresent(s -> {
            ElementWriter e = w.child(name);
            if (!s.unit().isEmpty()) {
                e.attr("unit", s.unit());
            }
            e.text(s.value().toString());
        });
    }
}
