package io.virtshare.internal.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.virtshare.internal.xml.SafeXml;
import io.virtshare.BackendFailure;
import io.virtshare.storage.PoolCapabilities;
import io.virtshare.storage.PoolTypeCapability;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.libvirt.jna.CString;
import org.libvirt.jna.ConnectionPointer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code virConnectGetStoragePoolCapabilities}, which libvirt-java 0.5.4 does not bind:
 * called through JNA on the connection's native pointer, and its XML read.
 */
final class StorageCapabilities {
    /** The libvirt functions used here, from the same libvirt.so libvirt-java loads. */
    interface Api extends Library {
        CString virConnectGetStoragePoolCapabilities(ConnectionPointer connection, int flags);

        String virGetLastErrorMessage();

        int virGetLastErrorCode();
    }

    private static final int VIR_ERR_NO_SUPPORT = 3;

    private StorageCapabilities() {
    }

    /** The capabilities XML of the host behind {@code connection}. */
    public static String read(String uri, NativeConnect connection) {
        Api api;
        CString xml;
        try {
            api = Holder.API;
            xml = api.virConnectGetStoragePoolCapabilities(connection.pointer(), 0);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw Failures.failure(uri, "read pool capabilities", null, null, Existing.HOST, BackendFailure.NOT_SUPPORTED,
                    "this libvirt client library has no virConnectGetStoragePoolCapabilities (it came in 5.2)", e);
        }
        if (xml == null) {
            String said = api.virGetLastErrorMessage();
            BackendFailure kind = api.virGetLastErrorCode() == VIR_ERR_NO_SUPPORT
                    ? BackendFailure.NOT_SUPPORTED : BackendFailure.FAILED;
            throw Failures.failure(uri, "read pool capabilities", null, null, Existing.HOST, kind,
                    said == null ? "libvirt gave no reason" : said.strip(), null);
        }
        return xml.toString();
    }

    private static final class Holder {
        static final Api API = Native.load("virt", Api.class);
    }

    /** Reads a {@code <storagepoolCapabilities>} document. */
    public static PoolCapabilities parse(String xml) {
        Document doc = SafeXml.parse(xml, "storagepoolCapabilities", "pool capabilities");
        List<PoolTypeCapability> pools = new ArrayList<>();
        for (Element pool : children(doc.getDocumentElement(), "pool")) {
            Optional<Element> poolOptions = child(pool, "poolOptions");
            Optional<Element> volOptions = child(pool, "volOptions");
            pools.add(new PoolTypeCapability(pool.getAttribute("type"), "yes".equals(pool.getAttribute("supported")),
                    poolOptions.flatMap(StorageCapabilities::defaultFormat),
                    poolOptions.map(o -> values(o, "sourceFormatType")).orElse(List.of()),
                    volOptions.flatMap(StorageCapabilities::defaultFormat),
                    volOptions.map(o -> values(o, "targetFormatType")).orElse(List.of())));
        }
        return new PoolCapabilities(pools, xml);
    }

    private static Optional<String> defaultFormat(Element options) {
        return child(options, "defaultFormat").map(e -> e.getAttribute("type")).filter(t -> !t.isEmpty());
    }

    private static List<String> values(Element options, String enumName) {
        List<String> values = new ArrayList<>();
        for (Element e : children(options, "enum")) {
            if (enumName.equals(e.getAttribute("name"))) {
                children(e, "value").forEach(v -> values.add(v.getTextContent().strip()));
            }
        }
        return values;
    }

    private static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }
}
