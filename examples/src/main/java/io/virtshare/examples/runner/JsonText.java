package io.virtshare.examples.runner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Iterator;
import java.util.Map;

/**
 * The runner's JSON results as text, indented as Jackson's default pretty printer does.
 *
 * <p>A command's result is a small tree; writing it with the streaming generator of
 * jackson-core instead of an {@code ObjectMapper} spares every command the start-up of
 * jackson-databind's serializers (a few hundred classes loaded and initialised per run,
 * which is much of a short command's time). A tree holding a node the walk does not know
 * (binary, a Java object) is written by an {@code ObjectMapper}, as before.
 */
final class JsonText {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonText() {
    }

    /** {@code tree} as pretty-printed JSON, without a trailing line break. */
    static String pretty(JsonNode tree) throws IOException {
        if (!plain(tree)) {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            out.setPrettyPrinter(new DefaultPrettyPrinter());
            write(tree, out);
        }
        return text.toString();
    }

    /** Whether the tree holds only objects, arrays, strings, numbers, booleans and nulls. */
    private static boolean plain(JsonNode node) {
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (!plain(child)) {
                    return false;
                }
            }
            return true;
        }
        return node.isTextual() || node.isNumber() || node.isBoolean() || node.isNull();
    }

    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        if (node.isObject()) {
            out.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.writeFieldName(field.getKey());
                write(field.getValue(), out);
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode element : node) {
                write(element, out);
            }
            out.writeEndArray();
        } else if (node.isTextual()) {
            out.writeString(node.textValue());
        } else if (node.isBoolean()) {
            out.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            out.writeNull();
        } else {
            number(node, out);
        }
    }

    private static void number(JsonNode node, JsonGenerator out) throws IOException {
        switch (node.numberType()) {
            case INT -> out.writeNumber(node.intValue());
            case LONG -> out.writeNumber(node.longValue());
            case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
            case FLOAT -> out.writeNumber(node.floatValue());
            case DOUBLE -> out.writeNumber(node.doubleValue());
            default -> out.writeNumber(node.decimalValue());
        }
    }
}
