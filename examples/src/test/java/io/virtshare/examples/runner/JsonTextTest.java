package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTextTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Stream<JsonNode> trees() throws Exception {
        ObjectNode image = NODES.objectNode();
        image.put("id", 3).put("name", "llama \"ft\" é\u2603\n\t\u0001").put("apparentBytes", Long.MAX_VALUE)
                .put("ratio", 0.1).put("f", 1.5f).put("ok", true).putNull("error")
                .put("big", new BigInteger("123456789012345678901234567890")).put("dec", new BigDecimal("1.50"))
                .put("short", (short) 7);
        image.putArray("empty");
        image.putObject("nothing");
        image.putArray("steps").add(NODES.objectNode().put("a", 1)).add(NODES.arrayNode().add(1).add("x"))
                .addNull();
        return Stream.of(image, NODES.arrayNode(), NODES.arrayNode().add(image).add(image),
                MAPPER.readTree("{\"usedMb\":1,\"totalMb\":2,\"freeMb\":3}"), NODES.textNode("just text"),
                NODES.objectNode().put("nan", Double.NaN).put("inf", Float.POSITIVE_INFINITY).put("tiny", 4.9e-324)
                        .put("e", 1.0e21).put("negativeZero", -0.0));
    }

    @ParameterizedTest
    @MethodSource("trees")
    void pretty_writesWhatTheObjectMappersPrettyPrinterWrites(JsonNode tree) throws Exception {
        assertThat(JsonText.pretty(tree)).isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    }

    @ParameterizedTest
    @MethodSource("trees")
    void pretty_withANodeTheWalkDoesNotKnow_isWrittenAsBefore(JsonNode tree) throws Exception {
        ObjectNode holder = NODES.objectNode();
        holder.set("tree", tree);
        holder.put("bytes", new byte[] {1, 2, 3});
        holder.putPOJO("pojo", java.util.List.of("a", 1));

        assertThat(JsonText.pretty(holder)).isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(holder));
    }
}
