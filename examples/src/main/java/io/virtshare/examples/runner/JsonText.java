package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.internal.json.JsonWriter;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The runner's JSON results as text, indented as Jackson's default pretty printer does.
 *
 * <p>A command's result is a small tree; writing it with the SDK's own {@link JsonWriter}
 * instead of Jackson spares every command the start-up of jackson-databind's serializers
 * and of jackson-core's factory and generator (a few hundred classes loaded and initialised
 * per run, which is much of a short command's time). A tree holding a node the walk does not
 * know (binary, a Java object, a number that is not finite) is written by an
 * {@code ObjectMapper}, as before.
 */
final class JsonText {
    private JsonText() {
    }

    /** {@code tree} as pretty-printed JSON, without a trailing line break. */
    static String pretty(JsonNode tree) throws IOException {
        if (!plain(tree)) {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        }
        JsonWriter out = new JsonWriter();
        write(tree, out);
        return out.text();
    }

    /** Whether the tree holds only objects, arrays, strings, finite numbers, booleans and nulls. */
    private static boolean plain(JsonNode node) {
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (!plain(child)) {
                    return false;
                }
            }
            return true;
        }
        if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
            return Double.isFinite(node.doubleValue());
        }
        return node.isTextual() || node.isNumber() || node.isBoolean() || node.isNull();
    }

    private static void write(JsonNode node, JsonWriter out) {
        if (node.isObject()) {
            out.beginObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.name(field.getKey());
                write(field.getValue(), out);
            }
            out.endObject();
        } else if (node.isArray()) {
            out.beginArray();
            for (JsonNode element : node) {
                write(element, out);
            }
            out.endArray();
        } else if (node.isTextual()) {
            out.value(node.textValue());
        } else if (node.isBoolean()) {
            out.value(node.booleanValue());
        } else if (node.isNull()) {
            out.nullValue();
        } else {
            out.numberText(number(node));
        }
    }

    /** A number as Jackson writes it: digits, or Java's shortest text of a float or double. */
    private static String number(JsonNode node) {
        return switch (node.numberType()) {
            case INT, LONG -> Long.toString(node.longValue());
            case BIG_INTEGER -> node.bigIntegerValue().toString();
            case FLOAT -> Float.toString(node.floatValue());
            case DOUBLE -> Double.toString(node.doubleValue());
            default -> node.decimalValue().toString();
        };
    }
}
