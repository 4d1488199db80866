package io.virtshare.internal.xml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.UserDataHandler;

/**
 * The order attributes were written in. The JDK's DOM keeps attributes sorted by name, so
 * the order is remembered beside each element (and follows it when imported or cloned),
 * and the printer writes attributes in that order.
 */
final class AttributeOrder {
    private static final String KEY = "virtshare.attribute-order";
    private static final UserDataHandler FOLLOW = (operation, key, data, src, dst) -> {
        if (dst != null && (operation == UserDataHandler.NODE_IMPORTED
                || operation == UserDataHandler.NODE_CLONED)) {
            dst.setUserData(key, data, AttributeOrder.follow());
        }
    };

    private AttributeOrder() {
    }

    private static UserDataHandler follow() {
        return FOLLOW;
    }

    /** Notes that {@code qualifiedName} was set on {@code element}, after those set before. */
    @SuppressWarnings("unchecked")
    static void note(Element element, String qualifiedName) {
        Map<String, Integer> order = (Map<String, Integer>) element.getUserData(KEY);
        if (order == null) {
            order = new HashMap<>();
            element.setUserData(KEY, order, FOLLOW);
        }
        order.putIfAbsent(qualifiedName, order.size());
    }

    /** The attributes of {@code element}, in the order they were set; others last. */
    @SuppressWarnings("unchecked")
    static List<Attr> of(Element element) {
        NamedNodeMap attrs = element.getAttributes();
        List<Attr> all = new ArrayList<>();
        for (int i = 0; i < attrs.getLength(); i++) {
            all.add((Attr) attrs.item(i));
        }
        Map<String, Integer> order = (Map<String, Integer>) element.getUserData(KEY);
        if (order != null) {
            all.sort(Comparator.comparingInt(a -> order.getOrDefault(a.getName(), Integer.MAX_VALUE)));
        }
        return all;
    }
}
