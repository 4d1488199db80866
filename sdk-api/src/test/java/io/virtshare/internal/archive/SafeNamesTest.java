package io.virtshare.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeNamesTest {
    private static final ExtractionLimits LIMITS = ExtractionLimits.of(1, 1, "limit");

    @ParameterizedTest
    @CsvSource({
        "a/b/c, a/b/c",
        "/etc/passwd, etc/passwd",
        "///x, x",
        "./a/./b/, a/b",
        "a/../b, b",
        "a//b, a/b",
        "'a\\..\\b', 'a\\..\\b'",
    })
    void components_normaliseAsTheDataFilter(String raw, String expected) {
        assertThat(String.join("/", SafeNames.components(raw, LIMITS))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"'..', climbs out", "'a/../../b', climbs out", "'a\u0000b', NUL"})
    void components_refuseEscapesAndNul(String raw, String reason) {
        assertThatThrownBy(() -> SafeNames.components(raw, LIMITS)).hasMessageContaining(reason);
    }

    @Property
    void components_neverClimbOrKeepDots(@ForAll @StringLength(max = 40) String raw) {
        try {
            List<String> parts = SafeNames.components(raw, LIMITS);
            assertThat(parts).doesNotContain("..", ".", "");
            assertThat(parts).allMatch(p -> !p.contains("/"));
        } catch (SafeNames.UnsafeEntryException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** The UTF-8 length counted without encoding is the encoded length, lone surrogates included. */
    @Property(tries = 3000)
    void utf8Length_isTheEncodedLength(@ForAll @StringLength(max = 40) String s) {
        assertThat(SafeNames.utf8Length(s)).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest
    @CsvSource({"a, 1", "\u00e9, 2", "\u20ac, 3", "\ud83d\ude00, 4", "\ud83d, 1", "\ude00x, 2", "x\ud83d, 2"})
    void utf8Length_ofEachKindOfCharacter(String escaped, int length) {
        String s = unescape(escaped);
        assertThat(SafeNames.utf8Length(s)).isEqualTo(length)
                .isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    private static String unescape(String escaped) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            if (escaped.startsWith("\\u", i)) {
                s.append((char) Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                s.append(escaped.charAt(i));
            }
        }
        return s.toString();
    }
}
