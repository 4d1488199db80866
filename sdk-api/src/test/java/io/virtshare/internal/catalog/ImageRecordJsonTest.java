package io.virtshare.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.datastore.ImageState;
import io.virtshare.internal.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRecordJsonTest {
    /** What the catalog used before: jackson-databind on the record. */
    private static final ObjectMapper DATABIND = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static Stream<ImageRecord> records() {
        Owner here = new Owner("host-a", 4242, 1_700_000_000_000L);
        return Stream.of(
                new ImageRecord(0, "img", ImageState.READY, "/ds/0", "/src/img", 6, 8192, 1, null, null,
                        1_796_259_763_982L, null, List.of(), 0),
                new ImageRecord(7, "llama \"ft\" é\u2603😀\u0001", ImageState.CLONE, "/ds/7", "hf://a/b", Long.MAX_VALUE, 0,
                        20_000, "0123abcd", null, 1, here,
                        List.of(new ImageRecord.Cloner(here, "tok-1"), new ImageRecord.Cloner(null, "tok-2")), 3),
                new ImageRecord(Integer.MAX_VALUE, "e", ImageState.ERROR, null, "/x.tar.zst", 0, 0, 0, null,
                        "the import was interrupted\nline two", 0, null, List.of(), 0),
                new ImageRecord(4, "model", ImageState.READY, "/ds/4", "hf://acme/model@v2", 1 << 30, 1 << 30,
                        8, "fedcba98", null, 2, null, List.of(), 0,
                        new ImageRecord.Transfer(134_217_728L, 939_524_096L)));
    }

    @ParameterizedTest
    @MethodSource("records")
    void write_givesTheTextJacksonDatabindWrites(ImageRecord record) throws Exception {
        assertThat(new String(ImageRecordJson.write(record), StandardCharsets.UTF_8))
                .isEqualTo(DATABIND.writerWithDefaultPrettyPrinter().writeValueAsString(record));
    }

    @ParameterizedTest
    @MethodSource("records")
    void write_isReadByJacksonDatabindAsTheSameRecord(ImageRecord record) throws Exception {
        assertThat(DATABIND.readValue(ImageRecordJson.write(record), ImageRecord.class)).isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("records")
    void read_givesBackWhatWasWritten(ImageRecord record) throws Exception {
        assertThat(ImageRecordJson.read(ImageRecordJson.write(record))).isEqualTo(record);
        assertThat(ImageRecordJson.read(DATABIND.writeValueAsBytes(record))).isEqualTo(record);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":3,\"name\":\"n\",\"future\":{\"a\":[1,2,{}]},\"state\":\"READY\",\"source\":\"s\"}",
        "{\"id\":\"3\",\"name\":\"n\",\"state\":\"READY\",\"source\":\"s\",\"files\":null,\"cloners\":null}",
        "{\"id\":3,\"name\":\"n\",\"state\":\"READY\",\"source\":\"s\",\"owner\":{\"host\":\"h\",\"x\":1}}"})
    void read_whenFieldsAreUnknownMissingOrCoercible_readsAsDatabindDid(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(ImageRecordJson.read(bytes)).isEqualTo(DATABIND.readValue(bytes, ImageRecord.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1]", "{\"id\":", "{\"id\":{}}", "{\"state\":\"SLEEPING\"}",
        "{\"id\":99999999999}", "{\"owner\":[]}", "{\"cloners\":{}}", "{\"files\":true}", "{\"transfer\":[]}", "{\"transfer\":{\"reused\":\"x\"}}", "\u0000garbage{"})
    void read_whenTheTextIsNoEntry_throwsSayingWhatAndWhere(String json) {
        assertThatThrownBy(() -> ImageRecordJson.read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageMatching("(?s).*(expected|not|out of range).* \\(at line 1, column \\d+\\)");
    }
}
