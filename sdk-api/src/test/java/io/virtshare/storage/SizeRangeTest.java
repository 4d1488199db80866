package io.virtshare.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.xml.XmlCodec;
import io.virtshare.xml.XmlParseException;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes up to 2^64 - 1 bytes, as libvirt's pools report them; volumes below 2^63, as libvirt's. */
class SizeRangeTest {
    private static final BigInteger MAX = new BigInteger("18446744073709551615");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final XmlCodec codec = XmlCodec.defaults();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "18446744073709551615, bytes, 18446744073709551615",
        "18446744073709551615, '', 18446744073709551615",
        "9223372036854775808, b, 9223372036854775808",
        "15, E, 17293822569102704640",
        "15, EiB, 17293822569102704640",
        "18, EB, 18000000000000000000",
        "18014398509481983, KiB, 18446744073709550592",
        "18446744073709551, KB, 18446744073709551000",
        "17592186044415, MiB, 18446744073708503040",
        "0000000000000000000000000000000000000000005, G, 5368709120",
    })
    void pool_whenSizeIsUpTo2To64Minus1Bytes_readsAndWritesItExactly(String value, String unit, String bytes) {
        String xml = "<pool type='dir'><name>p</name><capacity" + (unit.isEmpty() ? "" : " unit='" + unit + "'")
                + ">" + value + "</capacity><target><path>/p</path></target></pool>";

        PoolSpec pool = codec.readPool(xml);
        String written = codec.writePool(pool);

        Size capacity = pool.capacity().orElseThrow();
        assertThat(capacity.exactBytes()).isEqualTo(new BigInteger(bytes));
        assertThat(capacity.unit()).isEqualTo(unit);
        assertThat(written).contains(">" + new BigInteger(value) + "</capacity>");
        assertThat(codec.readPool(written)).isEqualTo(pool);
        assertThat(codec.readPool(written).capacity().orElseThrow().exactBytes()).isEqualTo(new BigInteger(bytes));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "18446744073709551616, bytes", "16, E", "16, EiB", "19, EB", "18014398509481984, KiB",
        "18446744073709552, KB", "17592186044416, MiB", "99999999999999999999999999999999, b",
    })
    void pool_whenSizeIsBeyond2To64Minus1Bytes_isRefusedNamingTheLargest(String value, String unit) {
        String xml = "<pool type='dir'><capacity unit='" + unit + "'>" + value + "</capacity></pool>";

        assertThatThrownBy(() -> codec.readPool(xml)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("is larger than 18446744073709551615 bytes (16 EiB less one byte)");
        assertThatThrownBy(() -> Size.of(new BigInteger(value), unit)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("the largest size libvirt handles");
    }

    @Test
    void parse_whenNumberIsHuge_refusesWithoutReadingItAll() {
        String digits = "9".repeat(1_000_000);

        assertThatThrownBy(() -> Size.parse(digits, "b")).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("(1000000 digits) is larger than 18446744073709551615 bytes");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"9223372036854775808, bytes", "8, EiB", "8, E", "9007199254740992, KiB", "18446744073709551615, b"})
    void volume_whenSizeIs2To63BytesOrMore_isRefusedWithLibvirtsReason(String value, String unit) {
        String capacity = "<capacity unit='" + unit + "'>" + value + "</capacity>";

        assertThatThrownBy(() -> codec.readVolume("<volume><name>v</name>" + capacity + "</volume>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("volume capacity")
                .hasMessageContaining("libvirt refuses volume sizes of 2^63 bytes or more");
        assertThatThrownBy(() -> codec.readVolume("<volume><name>v</name>" + capacity.replace("capacity",
                "allocation") + "</volume>")).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("volume allocation");
        assertThatThrownBy(() -> VolumeSpec.builder("v").capacity(Size.of(new BigInteger(value), unit)).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("give at most 9223372036854775807 bytes");
    }

    @Test
    void volume_upTo2To63Minus1Bytes_isKept() {
        VolumeSpec volume = codec.readVolume("<volume><name>v</name><capacity unit='bytes'>9223372036854775807"
                + "</capacity></volume>");

        assertThat(volume.capacity().orElseThrow().bytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(codec.writeVolume(volume)).contains("<capacity unit='bytes'>9223372036854775807</capacity>");
    }

    @Test
    void bytes_whenSizeIsBeyondALong_pointsToExactBytes() {
        Size pool = Size.of(MAX, "bytes");

        assertThatThrownBy(pool::bytes).isInstanceOf(InvalidSpecException.class).hasMessageContaining("exactBytes()");
        assertThat(pool.exactBytes()).isEqualTo(MAX);
        assertThat(pool.format()).isEqualTo("18446744073709551615 bytes");
        assertThat(Size.parse(pool.format())).isEqualTo(pool);
    }

    @Test
    void ofUnsignedBytes_readsLibvirtsUnsignedNumbers() {
        assertThat(Size.ofUnsignedBytes(-1).exactBytes()).isEqualTo(MAX);
        assertThat(Size.ofUnsignedBytes(Long.MIN_VALUE).exactBytes()).isEqualTo(LONG_MAX.add(BigInteger.ONE));
        assertThat(Size.ofUnsignedBytes(4096)).isEqualTo(Size.kib(4));
    }

    @Property
    void compareAndEquals_followBytesAcrossTheWholeRange(
            @ForAll @BigRange(min = "0", max = "18446744073709551614") BigInteger bytes) {
        Size size = Size.of(bytes, "bytes");
        Size next = Size.of(bytes.add(BigInteger.ONE), "");

        assertThat(size.compareTo(next)).isNegative();
        assertThat(next.compareTo(size)).isPositive();
        assertThat(Size.parse(size.format())).isEqualTo(size).hasSameHashCodeAs(size);
        assertThat(size.equals(next)).isFalse();
    }
}
