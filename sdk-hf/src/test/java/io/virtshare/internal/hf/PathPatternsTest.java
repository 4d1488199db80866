package io.virtshare.internal.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** allow/ignore with huggingface_hub's semantics (Python fnmatch; a trailing '/' means the whole folder). */
class PathPatternsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // pattern        | path                       | matches (fnmatch.fnmatch in Python)
        "*.json           | config.json                | true",
        "*.json           | onnx/config.json           | true",
        "*.json           | config.jsonl               | false",
        "onnx/            | onnx/model.onnx            | true",
        "onnx/            | onnx/sub/a.bin             | true",
        "onnx/            | onnx                       | false",
        "onnx/*           | onnx/sub/a.bin             | true",
        "model-?.bin      | model-1.bin                | true",
        "model-?.bin      | model-12.bin               | false",
        "[ab]*.txt        | b.txt                      | true",
        "[!ab]*.txt       | b.txt                      | false",
        "[!ab]*.txt       | c.txt                      | true",
        "[a-c].txt        | b.txt                      | true",
        "[]].txt          | ].txt                      | true",
        "[.txt            | [.txt                      | true",
        "a+b(c).txt       | a+b(c).txt                 | true",
        "*.JSON           | config.json                | false",
    })
    void fnmatch_asPythonDoes(String pattern, String path, boolean matches) {
        assertThat(PathPatterns.compile(pattern).matcher(path).matches()).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''              | ''             | a/b.bin | true",
        "*.json          | ''             | a/b.bin | false",
        "*.json,a/       | ''             | a/b.bin | true",
        "''              | *.bin          | a/b.bin | false",
        "a/              | a/b*           | a/b.bin | false",
    })
    void keeps_allowThenIgnore(String allow, String ignore, String path, boolean kept) {
        PathPatterns p = new PathPatterns(split(allow), split(ignore));

        assertThat(p.keeps(path)).isEqualTo(kept);
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(","));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.strings().withChars("ab/.-_x[]!*?").ofMinLength(1).ofMaxLength(16);
    }

    @Property
    void literalPatterns_matchExactlyThemselves(@ForAll("paths") String path, @ForAll("paths") String other) {
        String literal = path.replaceAll("[\\[\\]*?!]", "");
        if (literal.isEmpty() || literal.endsWith("/")) {
            return;
        }
        assertThat(PathPatterns.compile(literal).matcher(literal).matches()).isTrue();
        assertThat(PathPatterns.compile(literal).matcher(other).matches()).isEqualTo(other.equals(literal));
    }

    @Property
    void star_matchesEveryPath(@ForAll("paths") String path) {
        assertThat(new PathPatterns(List.of("*"), List.of()).keeps(path)).isTrue();
        assertThat(new PathPatterns(List.of(), List.of("*")).keeps(path)).isFalse();
    }

    @Property
    void folderPattern_matchesEverythingBelowAndNothingElse(@ForAll("paths") String path) {
        boolean below = path.startsWith("a/");
        assertThat(new PathPatterns(List.of("a/"), List.of()).keeps(path)).isEqualTo(below);
    }

    @Property
    void compile_neverThrows(@ForAll String pattern) {
        PathPatterns.compile(pattern.isEmpty() ? "x" : pattern);
    }
}
