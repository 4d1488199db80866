package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Whether a name can be written is what the file-name charset's encoder says, also where the
 * check takes its shortcuts (ASCII, well-formed UTF-16 under UTF-8). {@code AsciiLocaleTest}
 * checks the same under an ASCII locale.
 */
class FileNamesTest {
    @Property(tries = 3000)
    void encodable_isWhatTheCharsetsEncoderSays(@ForAll @StringLength(max = 30) String name) {
        assertThat(FileNames.encodable(name)).isEqualTo(FileNames.charset().newEncoder().canEncode(name));
    }

    @Test
    void encodable_ofLoneSurrogatesAndPairs() {
        for (String name : new String[] {"plain", "caf\u00e9", "\ud83d\ude00", "a\ud83d", "\ude00a", "\ud83d\ud83d",
            "", "\u0000"}) {
            assertThat(FileNames.encodable(name)).as(name)
                    .isEqualTo(FileNames.charset().newEncoder().canEncode(name));
        }
        assertThat(FileNames.unwritable("plain")).isEmpty();
    }
}
