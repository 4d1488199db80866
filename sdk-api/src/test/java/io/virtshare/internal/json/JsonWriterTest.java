package io.virtshare.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Provide
    Arbitrary<JsonNode> trees() {
        return JsonTrees.trees(3, false);
    }

    @Property(tries = 500)
    void text_isWhatJacksonsDefaultPrettyPrinterWrites_andItsUtf8IsReadBackByJackson(@ForAll("trees") JsonNode tree) throws Exception {
        JsonWriter out = new JsonWriter();
        JsonTrees.write(tree, out);

        assertThat(out.text()).isEqualTo(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        assertThat(out.utf8()).isEqualTo(out.text().getBytes(StandardCharsets.UTF_8));
        assertThat(JsonTrees.plain(JACKSON.readTree(out.utf8()))).isEqualTo(JsonTrees.plain(tree));
    }

    @Property(tries = 500)
    void compactText_isWhatJacksonWritesWithoutAPrettyPrinter(@ForAll("trees") JsonNode tree) throws Exception {
        JsonWriter out = JsonWriter.compact();
        JsonTrees.write(tree, out);

        assertThat(out.text()).isEqualTo(JACKSON.writeValueAsString(tree));
        assertThat(JsonTrees.plain(JACKSON.readTree(out.utf8()))).isEqualTo(JsonTrees.plain(tree));
    }

    @Test
    void compactText_hasNoWhiteSpaceBetweenTokens() {
        JsonWriter out = JsonWriter.compact();
        out.beginObject().name("id").value(7).name("list").beginArray().beginObject().name("a").value("x y")
                .endObject().value(true).endArray().name("none").beginObject().endObject().name("empty")
                .beginArray().endArray().name("n").nullValue().endObject();

        assertThat(out.text()).isEqualTo("{\"id\":7,\"list\":[{\"a\":\"x y\"},true],\"none\":{},\"empty\":[],\"n\":null}");
    }

    @Test
    void text_laysOutNestedContainersAsTheCatalogKeepsThem() {
        JsonWriter out = new JsonWriter();
        out.beginObject().name("id").value(7).name("list").beginArray().beginObject().name("a").value("x\n")
                .endObject().value(true).endArray().name("none").beginObject().endObject().name("empty")
                .beginArray().endArray().name("n").nullValue().endObject();

        assertThat(out.text()).isEqualTo("{\n  \"id\" : 7,\n  \"list\" : [ {\n    \"a\" : \"x\\n\"\n  }, true ],\n"
                + "  \"none\" : { },\n  \"empty\" : [ ],\n  \"n\" : null\n}");
    }

    @Test
    void text_escapesControlCharactersAndKeepsTheRest() {
        JsonWriter out = new JsonWriter();
        out.value("\u0000\u001f\b\t\n\f\r\"\\/\u007fé\u2028😀");

        assertThat(out.text()).isEqualTo("\"\\u0000\\u001F\\b\\t\\n\\f\\r\\\"\\\\/\u007fé\u2028😀\"");
    }

    @Test
    void utf8_whenAStringHoldsHalfASurrogatePair_refusesInsteadOfReplacingIt() {
        JsonWriter out = new JsonWriter();
        out.beginArray().value("a\ud800b").endArray();

        assertThat(out.text()).isEqualTo("[ \"a\ud800b\" ]");
        assertThatThrownBy(out::utf8).isInstanceOf(CharacterCodingException.class);
    }

    @Test
    void utf8_encodesEveryOtherCharacter() throws Exception {
        JsonWriter out = new JsonWriter();
        out.value("é😀");

        assertThat(new String(out.utf8(), StandardCharsets.UTF_8)).isEqualTo("\"é😀\"");
    }

    @Test
    void calls_inAnOrderThatMakesNoJson_areRefused() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a field name");
        assertThatThrownBy(() -> new JsonWriter().beginArray().name("a"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name outside an object");
        assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").endObject())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a value");
        assertThatThrownBy(() -> new JsonWriter().beginObject().endArray())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("endArray outside an array");
        assertThatThrownBy(() -> new JsonWriter().value(1).value(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("second value");
    }
}
