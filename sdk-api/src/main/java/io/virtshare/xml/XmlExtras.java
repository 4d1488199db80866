package io.virtshare.xml;

import io.virtshare.internal.xml.ExtraXml;

/**
 * The XML of an element that the typed model does not know: unknown attributes,
 * unknown child elements (future libvirt elements, {@code <metadata>}, foreign
 * namespaces), comments, and the same for the element's simple known children.
 *
 * <p>Every record the {@link XmlCodec} reads carries one, so that writing it back loses
 * nothing. The value is opaque and immutable; only the SDK creates values (any other
 * implementation is refused by the codec). Records built in code carry {@link #none()}.
 *
 * <pre>{@code
 * PoolSpec pool = XmlCodec.defaults().readPool(xml);
 * if (!pool.extras().isEmpty()) {
 *     System.out.println("kept for writing back: " + pool.extras());
 * }
 * }</pre>
 */
public interface XmlExtras {

    /** No extra XML: what records built in code carry. */
    static XmlExtras none() {
        return ExtraXml.EMPTY;
    }

    /** Whether there is nothing to keep. */
    boolean isEmpty();
}
