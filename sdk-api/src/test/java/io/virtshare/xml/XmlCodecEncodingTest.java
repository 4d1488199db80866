package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.virtshare.domain.DomainXml;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text encodings of XML input: byte-order marks, UTF-16, bytes that are not UTF-8. */
class XmlCodecEncodingTest {
    private static final String POOL = "<?xml version='1.0' encoding='UTF-8'?>\n<pool type='dir'><name>p</name>"
            + "<target><path>/srv/p</path></target></pool>";

    private final XmlCodec codec = XmlCodec.defaults();

    @Test
    void read_whenTextStartsWithByteOrderMark_readsTheDocument() {
        String withMark = "\uFEFF" + POOL;

        assertThat(codec.readPool(withMark)).isEqualTo(codec.readPool(POOL));
        assertThat(codec.detect(withMark)).isEqualTo(XmlKind.POOL);
        assertThat(codec.roundTrip(withMark)).isEqualTo(codec.roundTrip(POOL)).doesNotContain("\uFEFF");
        assertThat(DomainXml.parse("\uFEFF<domain type='kvm'><name>d</name></domain>").name()).isEqualTo("d");
    }

    private static byte[] bytes(int[] prefix, String text, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b : prefix) {
            out.write(b);
        }
        out.writeBytes(text.getBytes(charset));
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UTF-8 with mark, UTF-8", "UTF-16BE with mark, UTF-16BE", "UTF-16LE with mark, UTF-16LE"})
    void decode_whenBytesStartWithByteOrderMark_readsThemInThatEncoding(String what, String encoding) {
        Charset charset = Charset.forName(encoding);
        int[] mark = switch (encoding) {
            case "UTF-8" -> new int[] {0xEF, 0xBB, 0xBF};
            case "UTF-16BE" -> new int[] {0xFE, 0xFF};
            default -> new int[] {0xFF, 0xFE};
        };
        String pool = POOL.replace("UTF-8", encoding.startsWith("UTF-16") ? "UTF-16" : encoding)
                .replace("<name>p</name>", "<name>p\u00e9\u4e2d</name>");

        String text = codec.decode(bytes(mark, pool, charset));

        assertThat(text).isEqualTo(pool);
        assertThat(codec.readPool(text).name()).hasValue("p\u00e9\u4e2d");
    }

    @Test
    void decode_whenNoMark_usesTheDeclaredEncodingOrUtf8() {
        String latin = "<?xml version='1.0' encoding='ISO-8859-1'?><pool type='dir'><name>caf\u00e9</name></pool>";
        String plain = "<pool type='dir'><name>caf\u00e9</name></pool>";

        assertThat(codec.decode(latin.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(latin);
        assertThat(codec.decode(plain.getBytes(StandardCharsets.UTF_8))).isEqualTo(plain);
    }

    @Test
    void decode_whenBytesAreNotUtf8_namesTheByteItsOffsetAndLine() {
        byte[] latin1 = "<pool type='dir'>\n  <name>caf\u00e9</name>\n</pool>".getBytes(StandardCharsets.ISO_8859_1);

        XmlParseException e = catchThrowableOfType(XmlParseException.class, () -> codec.decode(latin1));

        assertThat(e.getMessage()).contains("not valid UTF-8", "byte 0xE9 at offset 29 (line 2)", "iconv -f LATIN1")
                .doesNotContain("Input length");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(12);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lone continuation byte|3C 70 80 3E|byte 0x80 at offset 2 (line 1)",
        "truncated at the end|3C 70 3E E4 B8|byte 0xE4 at offset 3 (line 1)",
        "overlong slash|3C C0 AF 3E|byte 0xC0 at offset 1 (line 1)",
        "encoded surrogate|0A 3C ED A0 80 3E|byte 0xED at offset 2 (line 2)",
        "beyond U+10FFFF|3C F4 90 80 80 3E|byte 0xF4 at offset 1 (line 1)",
    })
    void decode_whenUtf8IsInvalid_refusesEveryKind(String what, String hex, String message) {
        String[] parts = hex.split(" ");
        byte[] input = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            input[i] = (byte) Integer.parseInt(parts[i], 16);
        }

        assertThatThrownBy(() -> codec.decode(input)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("is not valid UTF-8").hasMessageContaining(message);
    }

    @Test
    void decode_whenEncodingIsOneLibvirtDoesNotRead_saysHowToConvert() {
        String pool = "<?xml version='1.0' encoding='UTF-16'?><pool type='dir'/>";

        assertThatThrownBy(() -> codec.decode(pool.getBytes(StandardCharsets.UTF_16LE)))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("UTF-16 without a byte-order mark")
                .hasMessageContaining("iconv -f UTF-16 -t UTF-8");
        assertThatThrownBy(() -> codec.decode(pool.getBytes(StandardCharsets.UTF_16BE)))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("UTF-16 without a byte-order mark");
        assertThatThrownBy(() -> codec.decode(bytes(new int[] {0xFF, 0xFE, 0, 0}, "<", StandardCharsets.UTF_8)))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("is UTF-32")
                .hasMessageContaining("iconv -f UTF-32 -t UTF-8");
        assertThatThrownBy(() -> codec.decode(pool.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("declares encoding='UTF-16' but its"
                        + " bytes are not UTF-16");
        assertThatThrownBy(() -> codec.decode("<?xml version='1.0' encoding='x-nothing'?><pool/>".getBytes(
                StandardCharsets.UTF_8))).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("encoding='x-nothing', which this JDK cannot read");
    }

    @Test
    void decode_whenBinaryLooksLikeAUtf16Mark_saysItIsNotXml() {
        byte[] binary = {(byte) 0xFF, (byte) 0xFE, 0, 1, 7, 7};

        assertThatThrownBy(() -> codec.decode(binary)).isInstanceOf(XmlParseException.class)
                .hasMessage("the XML starts with a UTF-16 byte-order mark (FF FE) but what follows is not XML: is it"
                        + " the right file? libvirt XML is UTF-8 text");
    }

    @Test
    void decode_whenInputIsLargerThanTheLimit_refusesBeforeDecoding() {
        XmlCodec small = XmlCodec.builder().maxInputChars(10).build();

        assertThatThrownBy(() -> small.decode(new byte[100])).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("more than the limit of 10");
    }
}
