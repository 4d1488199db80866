package io.virtshare.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeTest {
    private static final String[] UNITS = {"", "b", "B", "byte", "bytes", "k", "K", "KiB", "kib", "KB", "kB",
        "M", "MiB", "MB", "G", "g", "GiB", "GB", "T", "TiB", "TB", "P", "PiB", "PB", "E", "EiB", "EB"};

    @ParameterizedTest(name = "1 {0} = {1} bytes")
    @CsvSource({
        "b, 1", "bytes, 1", "byte, 1", "k, 1024", "K, 1024", "KiB, 1024", "KB, 1000", "kb, 1000",
        "M, 1048576", "MiB, 1048576", "MB, 1000000", "G, 1073741824", "GiB, 1073741824", "GB, 1000000000",
        "T, 1099511627776", "TB, 1000000000000", "P, 1125899906842624", "PB, 1000000000000000",
        "E, 1152921504606846976", "EiB, 1152921504606846976", "EB, 1000000000000000000",
    })
    void multiplier_followsLibvirtUnits(String unit, long bytes) {
        assertThat(Size.of(1, unit).bytes()).isEqualTo(bytes);
    }

    @Property
    void parse_format_roundTripsValueAndUnit(@ForAll("sizes") Size size) {
        Size parsed = Size.parse(size.format());

        assertThat(parsed).isEqualTo(size);
        assertThat(parsed.unit()).isEqualTo(size.unit());
        assertThat(parsed.value()).isEqualTo(size.value());
    }

    @Property
    void equality_isByBytes(@ForAll @LongRange(min = 0, max = 1L << 40) long kib) {
        assertThat(Size.kib(kib)).isEqualTo(Size.ofBytes(kib * 1024)).hasSameHashCodeAs(Size.ofBytes(kib * 1024));
        assertThat(Size.kib(kib).compareTo(Size.ofBytes(kib * 1024 + 1))).isNegative();
    }

    @Property
    void overflow_isRefused(@ForAll @LongRange(min = 16, max = Long.MAX_VALUE) long exbibytes) {
        assertThatThrownBy(() -> Size.of(exbibytes, "EiB")).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("larger than");
    }

    @Property
    void negative_isRefused(@ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long value) {
        assertThatThrownBy(() -> Size.parse(Long.toString(value), "KiB")).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> Size.ofBytes(value)).isInstanceOf(InvalidSpecException.class);
    }

    @Provide
    Arbitrary<Size> sizes() {
        return Arbitraries.of(UNITS).flatMap(unit -> Arbitraries.longs()
                .between(0, Long.MAX_VALUE / Size.multiplier(unit)).map(v -> Size.of(v, unit)));
    }

    @ParameterizedTest
    @CsvSource({"'', not a size", "abc, not a size", "5 XB, not a libvirt unit", "1.5 GiB, not a size",
        "99999999999999999999, larger than"})
    void parse_whenTextIsBad_saysWhy(String text, String message) {
        assertThatThrownBy(() -> Size.parse(text)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"10 GiB, 10737418240", "10G, 10737418240", "4096, 4096", "+7 KB, 7000", "1 bytes, 1"})
    void parse_readsCommonForms(String text, long bytes) {
        assertThat(Size.parse(text).bytes()).isEqualTo(bytes);
    }
}
