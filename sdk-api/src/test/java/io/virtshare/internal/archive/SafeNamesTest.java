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
}
