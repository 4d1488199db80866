package io.virtshare.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing of hf:// sources: the documented forms, round trips, and refusals with the accepted form. */
class HfSourceTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hf://acme/tiny                       | MODEL   | acme | tiny | main      | ''",
        "hf://models/acme/tiny@v1.0           | MODEL   | acme | tiny | v1.0      | ''",
        "hf://datasets/acme/reviews/data/x    | DATASET | acme | reviews | main   | data/x",
        "hf://spaces/acme/demo@dev            | SPACE   | acme | demo | dev       | ''",
        "hf://acme/tiny@refs/pr/12/onnx       | MODEL   | acme | tiny | refs/pr/12 | onnx",
        "hf://acme/tiny@refs%2Fheads%2Fx/onnx | MODEL   | acme | tiny | refs/heads/x | onnx",
        "hf://acme/tiny@refs/convert/parquet  | MODEL   | acme | tiny | refs/convert/parquet | ''",
        "hf://acme/tiny/onnx/                 | MODEL   | acme | tiny | main      | onnx",
    })
    void parse_readsTheDocumentedForms(String uri, HfRepoType type, String ns, String name, String rev, String path) {
        HfSource s = HfSource.parse(uri);

        assertThat(s.type()).isEqualTo(type);
        assertThat(s.repoId()).isEqualTo(ns + "/" + name);
        assertThat(s.revisionOrMain()).isEqualTo(rev);
        assertThat(s.path()).isEqualTo(path);
    }

    @Test
    void parse_readsRepeatedAllowAndIgnore() {
        HfSource s = HfSource.parse("hf://acme/tiny?allow=*.json&allow=onnx/&ignore=*.bin");

        assertThat(s.allow()).containsExactly("*.json", "onnx/");
        assertThat(s.ignore()).containsExactly("*.bin");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hf://gpt2                 | names no namespace",
        "hf://gpt2@main            | names no namespace",
        "http://acme/tiny          | is not an hf:// source",
        "hf://acme/ti--ny          | not a valid repository name",
        "hf://ac/me/../x           | not a valid folder",
        "hf://acme/tiny@           | empty revision",
        "hf://acme/tiny@a..b       | not a valid revision",
        "hf://acme/tiny?token=x    | unknown parameter 'token'",
        "hf://acme/tiny?allow=     | empty allow pattern",
    })
    void parse_refusesBadSourcesSayingWhatIsAccepted(String uri, String why) {
        assertThatThrownBy(() -> HfSource.parse(uri)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining(why);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcxyzABC019-_.").ofMinLength(1).ofMaxLength(20)
                .filter(n -> Character.isLetterOrDigit(n.charAt(0)) && Character.isLetterOrDigit(n.charAt(n.length() - 1))
                        && !n.contains("--") && !n.contains(".."));
    }

    @Provide
    Arbitrary<Optional<String>> revisions() {
        Arbitrary<String> plain = Arbitraries.strings().withChars("abcv0123456789.-_").ofMinLength(1).ofMaxLength(12)
                .filter(r -> !r.contains(".."));
        Arbitrary<String> pr = Arbitraries.integers().between(0, 9999).map(n -> "refs/pr/" + n);
        Arbitrary<String> commit = Arbitraries.strings().withChars("0123456789abcdef").ofLength(40);
        Arbitrary<String> slashed = plain.map(p -> "release/" + p);
        return Arbitraries.oneOf(plain, pr, commit, slashed).optional();
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abz019_-.").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return segment.list().ofMaxSize(3).map(l -> String.join("/", l));
    }

    @Property
    void parse_roundTripsEveryWellFormedSource(@ForAll("names") String ns, @ForAll("names") String name,
            @ForAll("revisions") Optional<String> rev, @ForAll("paths") String path,
            @ForAll HfRepoType type) {
        String encodedRev = rev.map(r -> r.startsWith("refs/pr/") ? r
                : URLEncoder.encode(r, StandardCharsets.UTF_8)).orElse(null);
        String uri = "hf://" + (type == HfRepoType.MODEL ? "" : type.apiSegment() + "/") + ns + "/" + name
                + (encodedRev == null ? "" : "@" + encodedRev) + (path.isEmpty() ? "" : "/" + path);

        HfSource s = HfSource.parse(uri);

        assertThat(s.type()).isEqualTo(type);
        assertThat(s.namespace()).isEqualTo(ns);
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.revision()).isEqualTo(rev);
        assertThat(s.path()).isEqualTo(path);
    }

    @Property
    void parse_neverFailsOtherwiseThanWithInvalidSpec(@ForAll String tail) {
        try {
            HfSource s = HfSource.parse("hf://" + tail);
            assertThat(s.repoId()).contains("/");
            assertThat(List.of(s.path().split("/"))).doesNotContain("..", ".");
        } catch (InvalidSpecException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
