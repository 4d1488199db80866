package io.virtshare.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader against Jackson's parser as the oracle: what one reads, the other reads the same; what one refuses, both do. */
class JsonReaderTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Provide
    Arbitrary<JsonNode> trees() {
        return JsonTrees.trees(3, true);
    }

    @Property(tries = 500)
    void read_givesWhatJacksonReads_compactAndPretty(@ForAll("trees") JsonNode tree) throws Exception {
        for (byte[] bytes : new byte[][] {JACKSON.writeValueAsBytes(tree),
                JACKSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree)}) {
            assertThat(JsonTrees.read(bytes)).isEqualTo(JsonTrees.plain(JACKSON.readTree(bytes)));
        }
    }

    /** A byte of JSON's syntax, white space, a letter, a digit or a byte of a multi-byte character. */
    private static Arbitrary<Byte> syntaxBytes() {
        byte[] syntax = "{}[],:\"\\ \t\n\r0123456789-+.eEtrufalsnx/'*#\u007f".getBytes(StandardCharsets.ISO_8859_1);
        Byte[] boxed = new Byte[syntax.length];
        for (int i = 0; i < syntax.length; i++) {
            boxed[i] = syntax[i];
        }
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, Arbitraries.of(boxed)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().between((byte) 0x80, (byte) 0xff)));
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> documents = trees().map(tree -> {
            try {
                return JACKSON.writeValueAsBytes(tree);
            } catch (JacksonException e) {
                throw new IllegalStateException(e);
            }
        });
        return Combinators.combine(documents, Arbitraries.integers().between(0, 1000), Arbitraries.integers()
                .between(0, 2), syntaxBytes()).as((bytes, where, how, b) -> {
                    int at = bytes.length == 0 ? 0 : where % bytes.length;
                    return switch (how) {
                        case 0 -> {
                            byte[] out = bytes.clone();
                            if (out.length > 0) {
                                out[at] = b;
                            }
                            yield out;
                        }
                        case 1 -> {
                            byte[] out = new byte[bytes.length + 1];
                            System.arraycopy(bytes, 0, out, 0, at);
                            out[at] = b;
                            System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
                            yield out;
                        }
                        default -> {
                            byte[] out = new byte[Math.max(0, bytes.length - 1)];
                            System.arraycopy(bytes, 0, out, 0, at);
                            System.arraycopy(bytes, Math.min(bytes.length, at + 1), out, at, out.length - at);
                            yield out;
                        }
                    };
                });
    }

    @Property(tries = 3000)
    void read_ofAMutatedDocument_acceptsAndRefusesWhatJacksonDoes(@ForAll("mutated") byte[] bytes) {
        Optional<Object> jackson = jackson(bytes);
        Optional<Object> ours = ours(bytes);

        if (ours.isEmpty() && jackson.isPresent()) {
            // the deliberate differences, where the reader is the stricter: an escaped half of a
            // surrogate pair (Jackson takes one in a value), and bytes that are no UTF-8 (Jackson's
            // parser of names with escapes lets some through)
            assertThatThrownBy(() -> JsonTrees.read(bytes))
                    .hasMessageMatching("(?s).*(half of a surrogate pair|not valid UTF-8).*");
            return;
        }
        assertThat(ours).as("reading %s", new String(bytes, StandardCharsets.ISO_8859_1)).isEqualTo(jackson);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,}", "[1,]", "[,1]", "{,}", "01", "-01", "-", "1.", "1.e3", "1e", "1e+", ".5",
        "+1", "'a'", "{a:1}", "{'a':1}", "/*c*/1", "// c\n1", "# c\n1", "\"\\q\"", "\"\\u12\"", "\"\\u12g4\"", "nul",
        "truex", "nulll", "True", "NaN", "Infinity", "-Infinity", "[1 2]", "{\"a\" 1}", "{\"a\":1 \"b\":2}",
        "{\"a\":1,,\"b\":2}", "[", "{", "{\"a\"", "{\"a\":", "[1", "\"abc", "\"a\tb\"", "\"a\nb\"", "\u0000",
        "{} x", "1 2", "[]]", "{}}", "1x", "[1\"a\"]", "{\"a\":true\"b\"}", "\u000b1", "\f1", "[0x10]", "1_000"})
    void read_ofTextThatIsNoJson_isRefusedAsJacksonRefusesIt(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertThat(jackson(bytes)).as("Jackson reads it").isEmpty();
        assertThatThrownBy(() -> JsonTrees.read(bytes)).isInstanceOf(MalformedJsonException.class)
                .hasMessageMatching("(?s).* \\(at line \\d+, column \\d+\\)");
    }

    @Test
    void read_ofBytesThatAreNoUtf8_isRefused() {
        for (byte[] bytes : new byte[][] {{'"', (byte) 0xc3, '(', '"'}, {'"', (byte) 0x80, '"'},
                {'"', (byte) 0xe2, (byte) 0x82, '"'}, {'"', (byte) 0xff, '"'}, {(byte) 0xc3, (byte) 0xa9}}) {
            assertThat(jackson(bytes)).as("Jackson reads %s", Arrays.toString(bytes)).isEmpty();
            assertThatThrownBy(() -> JsonTrees.read(bytes)).isInstanceOf(MalformedJsonException.class);
        }
    }

    @Test
    void read_ofOverlongOrSurrogateUtf8_isRefusedThoughJacksonTakesIt() {
        for (byte[] bytes : new byte[][] {{'"', (byte) 0xc0, (byte) 0x80, '"'},
                {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'},
                {'{', '"', (byte) 0xff, '\\', 'u', '0', '0', '0', '0', '"', ':', '0', '}'}}) {
            assertThatThrownBy(() -> JsonTrees.read(bytes)).isInstanceOf(MalformedJsonException.class)
                    .hasMessageContaining("not valid UTF-8");
        }
    }

    @Test
    void read_ofNestingAtTheLimit_readsIt_andOneDeeper_isRefused() throws Exception {
        String deepest = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        String deeper = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);

        assertThat(JsonTrees.read(deepest.getBytes(StandardCharsets.US_ASCII))).isNotNull();
        assertThat(jackson(deeper.getBytes(StandardCharsets.US_ASCII))).as("Jackson reads it").isEmpty();
        assertThatThrownBy(() -> JsonTrees.read(deeper.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("deeper than 1000");
    }

    @Test
    void read_ofALongerNumberThanTheLimit_isRefused() {
        byte[] bytes = "9".repeat(JsonReader.MAX_NUMBER + 1).getBytes(StandardCharsets.US_ASCII);

        assertThat(jackson(bytes)).as("Jackson reads it").isEmpty();
        assertThatThrownBy(() -> JsonTrees.read(bytes)).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("longer than 1000");
    }

    @Test
    void longValue_readsTheWholeRangeOfLong_andRefusesBeyondIt() throws Exception {
        assertThat(number("9223372036854775807").longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(number("-9223372036854775808").longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(number("-0").longValue()).isZero();
        assertThatThrownBy(() -> number("9223372036854775808").longValue())
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> number("1.0").longValue())
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("expected a whole number, found 1.0");
        assertThatThrownBy(() -> number("1e2").longValue()).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void error_saysTheLineAndColumn() {
        byte[] bytes = "{\n  \"a\" : 1,\n  \"b\" : tru\n}".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> JsonTrees.read(bytes)).isInstanceOf(MalformedJsonException.class)
                .hasMessage("unrecognized token starting with character 't', expected a value (at line 3, column 9)");
    }

    @Test
    void read_skipsAByteOrderMark_andReadsEscapes() throws Exception {
        byte[] bytes = "\ufeff[\"\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\"]"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(JsonTrees.read(bytes)).isEqualTo(java.util.List.of("é😀\"\\/\b\f\n\r\t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"\\ud800\"]", "[\"a\\ude00\"]", "{\"\\ud83d\\u0041\":1}", "[\"\\ude00\\ud83d\"]"})
    void read_ofAnEscapedHalfOfASurrogatePair_isRefused(String text) {
        assertThatThrownBy(() -> JsonTrees.read(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("half of a surrogate pair");
    }

    @Test
    void skipValue_skipsANestedValue_andChecksIt() throws Exception {
        JsonReader in = JsonReader.of("{\"skip\":{\"a\":[1,{\"b\":[]}]},\"keep\":2}".getBytes(StandardCharsets.UTF_8));
        in.next();
        in.next();
        in.next();
        in.skipValue();

        assertThat(in.next()).isEqualTo(JsonReader.Token.NAME);
        assertThat(in.name()).isEqualTo("keep");
        JsonReader bad = JsonReader.of("{\"skip\":{\"a\":[1,}]},\"keep\":2}".getBytes(StandardCharsets.UTF_8));
        bad.next();
        bad.next();
        bad.next();
        assertThatThrownBy(bad::skipValue).isInstanceOf(MalformedJsonException.class);
    }

    private static JsonReader number(String text) throws MalformedJsonException {
        JsonReader in = JsonReader.of(text.getBytes(StandardCharsets.US_ASCII));
        in.next();
        return in;
    }

    /** What Jackson reads, as plain values; empty when it refuses the bytes or finds no value. */
    private static Optional<Object> jackson(byte[] bytes) {
        try {
            JsonNode node = JACKSON.readTree(bytes);
            return node == null || node.isMissingNode() ? Optional.empty()
                    : Optional.of(Optional.ofNullable(JsonTrees.plain(node)));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Object> ours(byte[] bytes) {
        try {
            JsonReader in = JsonReader.of(bytes);
            if (in.next() == JsonReader.Token.END) {
                return Optional.empty();
            }
            Object value = JsonTrees.plain(in);
            in.next();
            return Optional.of(Optional.ofNullable(value));
        } catch (MalformedJsonException e) {
            return Optional.empty();
        }
    }
}
