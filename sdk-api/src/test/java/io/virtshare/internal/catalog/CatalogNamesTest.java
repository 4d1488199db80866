package io.virtshare.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The catalog's file names read by hand: the same answers as the patterns they replace. */
class CatalogNamesTest {
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789").ofMaxLength(12),
                Arbitraries.strings().withChars("0123456789abcdefABx.-").ofMinLength(60).ofMaxLength(66),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
                Arbitraries.strings().ofMaxLength(12));
    }

    @Property(tries = 5_000)
    void number_andNameKey_answerAsTheirPatterns(@ForAll("names") String name) {
        OptionalInt expected = name.matches("0|[1-9][0-9]{0,9}") && Long.parseLong(name) <= Integer.MAX_VALUE
                ? OptionalInt.of(Integer.parseInt(name)) : OptionalInt.empty();

        assertThat(CatalogStore.number(name)).isEqualTo(expected);
        assertThat(CatalogStore.isNameKey(name)).isEqualTo(name.matches("[0-9a-f]{64}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "00", "01", "7", "2147483647", "2147483648", "9999999999", "12345678901", "-1",
        "+1", "1.json", "\u0661"})
    void number_ofTheEdges_answersAsItsPattern(String name) {
        assertThat(CatalogStore.number(name)).isEqualTo(name.matches("0|[1-9][0-9]{0,9}")
                && Long.parseLong(name) <= Integer.MAX_VALUE ? OptionalInt.of(Integer.parseInt(name))
                : OptionalInt.empty());
    }
}
