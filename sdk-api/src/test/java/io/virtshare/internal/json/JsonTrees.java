package io.virtshare.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** JSON trees for the reader's and writer's tests: Jackson's nodes as the oracle, and plain values to compare. */
final class JsonTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** Trees of up to {@code depth} levels; with {@code fractions}, numbers with fractions too. */
    static Arbitrary<JsonNode> trees(int depth, boolean fractions) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(List.of(
                strings().map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()),
                fractions ? Arbitraries.doubles().map(NODES::numberNode) : Arbitraries.longs().map(NODES::numberNode)));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> inner = trees(depth - 1, fractions);
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(values -> {
            ArrayNode array = NODES.arrayNode();
            values.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Arbitraries.maps(strings(), inner).ofMaxSize(4).map(fields -> {
            ObjectNode object = NODES.objectNode();
            fields.forEach(object::set);
            return object;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalars), net.jqwik.api.Tuple.of(1, arrays),
                net.jqwik.api.Tuple.of(1, objects));
    }

    /** Strings of any characters but halves of surrogate pairs (which have no UTF-8 form). */
    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u0000', '\u0040').ofMaxLength(12),
                Arbitraries.of("", "é", "\u2603", "😀", "a\"b\\c/d", "\u007f\u0080\u2028")))
                .filter(JsonTrees::wellFormed);
    }

    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Jackson's tree as plain values: maps, lists, strings, booleans, null, BigInteger or Double. */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                map.put(field.getKey(), plain(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return null;
    }

    /** The value {@code in} is at, read to its end, as plain values. */
    static Object plain(JsonReader in) throws MalformedJsonException {
        switch (in.current()) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (in.next() == JsonReader.Token.NAME) {
                    String name = in.name();
                    in.next();
                    map.put(name, plain(in));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (in.next() != JsonReader.Token.END_ARRAY) {
                    list.add(plain(in));
                }
                return list;
            }
            case STRING -> {
                return in.text();
            }
            case NUMBER -> {
                return in.isWholeNumber() ? new BigInteger(in.text()) : (Object) Double.parseDouble(in.text());
            }
            case TRUE -> {
                return true;
            }
            case FALSE -> {
                return false;
            }
            case NULL -> {
                return null;
            }
            default -> throw new AssertionError("not at a value: " + in.current());
        }
    }

    /** The whole document in {@code bytes} as plain values, checking that nothing follows it. */
    static Object read(byte[] bytes) throws MalformedJsonException {
        JsonReader in = JsonReader.of(bytes);
        if (in.next() == JsonReader.Token.END) {
            throw new AssertionError("no value");
        }
        Object value = plain(in);
        if (in.next() != JsonReader.Token.END) {
            throw new AssertionError("more after the value");
        }
        return value;
    }

    /** {@code node} written with {@code out}; numbers must be whole. */
    static void write(JsonNode node, JsonWriter out) {
        if (node.isObject()) {
            out.beginObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                out.name(field.getKey());
                write(field.getValue(), out);
            }
            out.endObject();
        } else if (node.isArray()) {
            out.beginArray();
            node.forEach(element -> write(element, out));
            out.endArray();
        } else if (node.isTextual()) {
            out.value(node.textValue());
        } else if (node.isBoolean()) {
            out.value(node.booleanValue());
        } else if (node.isNull()) {
            out.nullValue();
        } else {
            out.value(node.longValue());
        }
    }
}
