package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class IsoInstantTest {
    @Property
    void format_writesWhatInstantToStringWrites(@ForAll @LongRange(min = -62_167_219_200L - 10_000_000_000L,
            max = 253_402_300_799L + 10_000_000_000L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nano) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nano);

        assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
    }

    @Property
    void format_ofEpochMillis_writesWhatInstantToStringWrites(@ForAll @LongRange(min = 0, max = 4_102_444_800_000L)
            long millis) {
        Instant instant = Instant.ofEpochMilli(millis);

        assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
    }
}
