package io.virtshare.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LibvirtVersionTest {
    @Test
    void decode_splitsLibvirtsEncoding() {
        assertThat(LibvirtVersion.decode(9_000_000L)).hasToString("9.0.0");
        assertThat(LibvirtVersion.decode(7_002_022L)).isEqualTo(new LibvirtVersion(7, 2, 22));
    }

    @Test
    void decode_refusesNegative() {
        assertThatThrownBy(() -> LibvirtVersion.decode(-1)).hasMessageContaining("negative");
    }

    @Property
    void encodeDecode_roundTrips(@ForAll @IntRange(max = 999) int major, @ForAll @IntRange(max = 999) int minor,
            @ForAll @IntRange(max = 999) int release) {
        LibvirtVersion v = new LibvirtVersion(major, minor, release);
        assertThat(LibvirtVersion.decode(major * 1_000_000L + minor * 1000L + release)).isEqualTo(v);
        assertThat(v.compareTo(new LibvirtVersion(major, minor, release + 1))).isNegative();
    }
}
