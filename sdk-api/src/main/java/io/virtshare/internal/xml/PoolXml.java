package io.virtshare.internal.xml;

import io.virtshare.internal.storage.SourceFields;
import io.virtshare.storage.Adapter;
import io.virtshare.storage.Auth;
import io.virtshare.storage.Host;
import io.virtshare.storage.ParentAddress;
import io.virtshare.storage.PoolSource;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolTarget;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.RbdOption;
import io.virtshare.storage.SourceDevice;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;

/** Reads and writes {@code <pool>}. */
public final class PoolXml {
    /** libvirt's namespace for fs and netfs mount options. */
    public static final String FS_NS = "http://libvirt.org/schemas/storagepool/fs/1.0";
    /** libvirt's namespace for rbd config options. */
    public static final String RBD_NS = "http://libvirt.org/schemas/storagepool/rbd/1.0";

    private PoolXml() {
    }

    static PoolSpec read(ElementReader pool) {
        String typeName = pool.requiredAttr("type", "give the pool type, e.g. <pool type='dir'>");
        PoolType type = PoolType.fromXml(typeName);
        Optional<String> name = pool.childText("name");
        Optional<String> uuid = pool.childText("uuid");
        var capacity = pool.child("capacity").map(Values::size);
        var allocation = pool.child("allocation").map(Values::size);
        var available = pool.child("available").map(Values::size);
        Optional<Boolean> cow = pool.child("features").flatMap(f -> f.child("cow"))
                .flatMap(c -> c.attr("state", Values::yesNo, Values.YES_NO));
        Optional<PoolSource> source = pool.present("source").map(s -> source(s, type, typeName));
        Optional<PoolTarget> target = pool.present("target").map(PoolXml::target);
        Optional<String> refresh = pool.child("refresh").flatMap(r -> r.child("volume"))
                .flatMap(v -> v.attr("allocation"));
        List<String> mountOptions = pool.child(FS_NS, "mount_opts")
                .map(m -> m.children(FS_NS, "option").stream()
                        .map(o -> o.requiredAttr("name", "give the mount option's name")).toList())
                .orElse(List.of());
        List<RbdOption> rbdOptions = pool.child(RBD_NS, "config_opts")
                .map(m -> m.children(RBD_NS, "option").stream()
                        .map(o -> new RbdOption(o.requiredAttr("name", "give the option's name"),
                                o.requiredAttr("value", "give the option's value"))).toList())
                .orElse(List.of());
        if (!mountOptions.isEmpty()) {
            pool.takeDeclarationsOf(FS_NS);
        }
        if (!rbdOptions.isEmpty()) {
            pool.takeDeclarationsOf(RBD_NS);
        }
        return new PoolSpec(typeName, name, uuid, capacity, allocation, available, cow, source, target, refresh,
                mountOptions, rbdOptions, pool.extras());
    }

    private static PoolTarget target(ElementReader t) {
        return new PoolTarget(t.childText("path"), StorageXml.permissions(t), StorageXml.timestamps(t),
                StorageXml.encryption(t), t.extras());
    }

    static PoolSource source(ElementReader s, PoolType type, String typeName) {
        s.used();
        Set<String> uses = SourceFields.elementsFor(type);
        SourceFields f = new SourceFields();
        if (uses.contains("host")) {
            s.children("host").forEach(h -> f.hosts.add(new Host(h.requiredAttr("name", "give the host name"),
                    h.attr("port", Integer::parseInt, "a port number"))));
        }
        if (uses.contains("device")) {
            s.children("device").forEach(d -> f.devices.add(new SourceDevice(
                    d.requiredAttr("path", "give the device path"),
                    d.attr("part_separator", Values::yesNo, Values.YES_NO),
                    StorageXml.extents(d, "freeExtent"))));
        }
        if (uses.contains("dir")) {
            f.dir = s.child("dir").flatMap(d -> d.attr("path"));
        }
        if (uses.contains("adapter")) {
            f.adapter = s.present("adapter").map(PoolXml::adapter);
        }
        if (uses.contains("name")) {
            f.name = s.childText("name");
        }
        if (uses.contains("initiator")) {
            f.initiatorIqn = s.child("initiator").flatMap(i -> i.child("iqn")).flatMap(q -> q.attr("name"));
        }
        if (uses.contains("format")) {
            f.format = StorageXml.format(s);
        }
        if (uses.contains("auth")) {
            f.auth = s.present("auth").map(a -> new Auth(a.attr("type"), a.attr("username"), StorageXml.secret(a)));
        }
        if (uses.contains("protocol")) {
            f.protocolVersion = s.child("protocol").flatMap(p -> p.attr("ver"));
        }
        if (uses.contains("vendor")) {
            f.vendor = s.child("vendor").flatMap(v -> v.attr("name"));
            f.product = s.child("product").flatMap(p -> p.attr("name"));
        }
        f.extras = s.extras();
        return f.toSource(type, typeName);
    }

    private static Adapter adapter(ElementReader a) {
        return new Adapter(a.attr("type"), a.attr("name"), a.attr("parent"),
                a.attr("managed", Values::yesNo, Values.YES_NO), a.attr("wwnn"), a.attr("wwpn"),
                a.attr("parent_wwnn"), a.attr("parent_wwpn"), a.attr("parent_fabric_wwn"),
                a.present("parentaddr").map(p -> new ParentAddress(
                        p.attr("unique_id", Long::parseLong, Values.WHOLE_NUMBER),
                        p.child("address").map(ElementReader::attributes).orElse(java.util.Map.of()))));
    }

    static String write(PoolSpec pool) {
        if (pool.type().removedFromLibvirt()) {
            System.getLogger(PoolXml.class.getName()).log(System.Logger.Level.WARNING,
                    "writing a {0} pool: libvirt 8.8 and later refuse this pool type", pool.typeName());
        }
        ElementWriter w = ElementWriter.root("pool", ExtraXml.of(pool.extras()));
        w.attr("type", pool.typeName());
        w.textChild("name", pool.name());
        w.textChild("uuid", pool.uuid());
        Values.size(w, "capacity", pool.capacity());
        Values.size(w, "allocation", pool.allocation());
        Values.size(w, "available", pool.available());
        pool.cow().ifPresent(c -> w.child("features").child("cow").attr("state", Values.yesNo(c)));
        pool.source().ifPresent(s -> source(w.child("source", ExtraXml.of(s.extras())), SourceFields.of(s)));
        pool.target().ifPresent(t -> {
            ElementWriter tw = w.child("target", ExtraXml.of(t.extras()));
            StorageXml.pathFormatPermissions(tw, t.path(), Optional.empty(), t.permissions(), t.timestamps());
            StorageXml.encryption(tw, t.encryption());
        });
        pool.refreshVolumeAllocation().ifPresent(r -> w.child("refresh").child("volume").attr("allocation", r));
        if (!pool.mountOptions().isEmpty()) {
            ElementWriter m = w.childNs(FS_NS, declare(w, "fs", FS_NS) + ":mount_opts");
            pool.mountOptions().forEach(o -> m.childNs(FS_NS, m.element().getPrefix() + ":option").attr("name", o));
        }
        if (!pool.rbdOptions().isEmpty()) {
            ElementWriter m = w.childNs(RBD_NS, declare(w, "rbd", RBD_NS) + ":config_opts");
            pool.rbdOptions().forEach(o -> m.childNs(RBD_NS, m.element().getPrefix() + ":option")
                    .attr("name", o.name()).attr("value", o.value()));
        }
        return w.print();
    }

    /** Declares {@code namespace} on the root (libvirt looks for it there) and returns its prefix. */
    private static String declare(ElementWriter root, String prefix, String namespace) {
        String bound = root.element().lookupPrefix(namespace);
        if (bound != null) {
            return bound;
        }
        ExtraXml extras = root.extras();
        for (ExtraXml.Attribute a : extras.attributes()) {
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.namespace()) && a.value().equals(namespace)
                    && a.qualifiedName().startsWith("xmlns:")) {
                return a.qualifiedName().substring("xmlns:".length());
            }
        }
        String chosen = prefix;
        for (int i = 1; declares(extras, chosen); i++) {
            chosen = prefix + i;
        }
        root.element().setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + chosen, namespace);
        return chosen;
    }

    private static boolean declares(ExtraXml extras, String prefix) {
        return extras.attributes().stream().anyMatch(a -> a.qualifiedName().equals("xmlns:" + prefix));
    }

    private static void source(ElementWriter s, SourceFields f) {
        f.hosts.forEach(h -> s.child("host").attr("name", h.name()).attr("port", h.port()));
        f.devices.forEach(d -> {
            ElementWriter dw = s.child("device").attr("path", d.path())
                    .attr("part_separator", d.partSeparator().map(Values::yesNo));
            StorageXml.extents(dw, "freeExtent", d.freeExtents());
        });
        f.dir.ifPresent(d -> s.child("dir").attr("path", d));
        f.adapter.ifPresent(a -> {
            ElementWriter aw = s.child("adapter").attr("type", a.type()).attr("name", a.name())
                    .attr("parent", a.parent()).attr("managed", a.managed().map(Values::yesNo))
                    .attr("wwnn", a.wwnn()).attr("wwpn", a.wwpn()).attr("parent_wwnn", a.parentWwnn())
                    .attr("parent_wwpn", a.parentWwpn()).attr("parent_fabric_wwn", a.parentFabricWwn());
            a.parentAddress().ifPresent(p -> {
                ElementWriter pw = aw.child("parentaddr").attr("unique_id", p.uniqueId());
                if (!p.address().isEmpty()) {
                    ElementWriter address = pw.child("address");
                    p.address().forEach(address::attr);
                }
            });
        });
        s.textChild("name", f.name);
        f.initiatorIqn.ifPresent(i -> s.child("initiator").child("iqn").attr("name", i));
        StorageXml.format(s, f.format);
        f.auth.ifPresent(a -> StorageXml.secret(s.child("auth").attr("type", a.type())
                .attr("username", a.username()), a.secret()));
        f.protocolVersion.ifPresent(v -> s.child("protocol").attr("ver", v));
        f.vendor.ifPresent(v -> s.child("vendor").attr("name", v));
        f.product.ifPresent(p -> s.child("product").attr("name", p));
    }
}
