package io.virtshare.xml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * XML a typed model does not know, kept so that writing gives it back: attributes
 * (by qualified name) and child elements (as XML text, in order). Future libvirt
 * elements, {@code <metadata>} and foreign namespaces survive a parse and write.
 *
 * <pre>{@code
 * FilesystemDevice fs = FilesystemDevice.parse(xml);
 * fs.extras().elements().forEach(System.out::println); // what this SDK does not model
 * }</pre>
 *
 * @param attributes unknown attributes, in document order
 * @param elements unknown child elements, as XML text, in document order
 */
public record XmlExtras(Map<String, String> attributes, List<String> elements) {
    /** Nothing unknown. */
    public static final XmlExtras NONE = new XmlExtras(Map.of(), List.of());

    public XmlExtras {
        Objects.requireNonNull(attributes, "attributes");
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        elements = List.copyOf(elements);
    }

    /** Whether there is nothing unknown. */
    public boolean isEmpty() {
        return attributes.isEmpty() && elements.isEmpty();
    }
}
