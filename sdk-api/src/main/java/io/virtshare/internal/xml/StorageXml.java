package io.virtshare.internal.xml;

import io.virtshare.storage.Encryption;
import io.virtshare.storage.Extent;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Permissions;
import io.virtshare.storage.SecretRef;
import io.virtshare.storage.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The elements pools and volumes share: permissions, timestamps, encryption, secrets, formats, extents. */
final class StorageXml {
    private StorageXml() {
    }

    /** Writes the children targets and backing stores share: path, format, permissions, timestamps. */
    static void pathFormatPermissions(ElementWriter w, Optional<String> path, Optional<FormatType> format,
            Optional<Permissions> permissions, Optional<Timestamps> timestamps) {
        w.textChild("path", path);
        format(w, format);
        permissions(w, permissions);
        timestamps(w, timestamps);
    }

    static Optional<FormatType> format(ElementReader parent) {
        return parent.child("format").flatMap(f -> f.attr("type")).map(FormatType::of);
    }

    static void format(ElementWriter parent, Optional<FormatType> format) {
        format.ifPresent(f -> parent.child("format").attr("type", f.type()));
    }

    static Optional<Permissions> permissions(ElementReader parent) {
        return parent.present("permissions").map(p -> new Permissions(
                p.child("mode").map(m -> m.text(Values::octal, Values.OCTAL)),
                p.child("owner").map(o -> o.text(Long::parseLong, "a user id or -1")),
                p.child("group").map(g -> g.text(Long::parseLong, "a group id or -1")),
                p.childText("label")));
    }

    static void permissions(ElementWriter parent, Optional<Permissions> permissions) {
        permissions.ifPresent(p -> {
            ElementWriter w = parent.child("permissions");
            w.textChild("mode", p.mode().map(Values::octal));
            w.textChild("owner", p.owner());
            w.textChild("group", p.group());
            w.textChild("label", p.label());
        });
    }

    static Optional<Timestamps> timestamps(ElementReader parent) {
        return parent.present("timestamps").map(t -> new Timestamps(time(t, "atime"), time(t, "btime"),
                time(t, "ctime"), time(t, "mtime")));
    }

    private static Optional<Instant> time(ElementReader parent, String name) {
        return parent.child(name).map(t -> t.text(Values::timestamp, "a timestamp (seconds.nanoseconds)"));
    }

    static void timestamps(ElementWriter parent, Optional<Timestamps> timestamps) {
        timestamps.ifPresent(t -> {
            ElementWriter w = parent.child("timestamps");
            w.textChild("atime", t.atime().map(Values::timestamp));
            w.textChild("mtime", t.mtime().map(Values::timestamp));
            w.textChild("ctime", t.ctime().map(Values::timestamp));
            w.textChild("btime", t.btime().map(Values::timestamp));
        });
    }

    static Optional<SecretRef> secret(ElementReader parent) {
        return parent.present("secret").map(s -> new SecretRef(s.attr("type"), s.attr("uuid"), s.attr("usage")));
    }

    static void secret(ElementWriter parent, Optional<SecretRef> secret) {
        secret.ifPresent(s -> parent.child("secret").attr("type", s.type()).attr("uuid", s.uuid())
                .attr("usage", s.usage()));
    }

    static Optional<Encryption> encryption(ElementReader parent) {
        return parent.present("encryption").map(e -> new Encryption(e.attr("format"), e.attr("engine"), secret(e),
                e.present("cipher").map(c -> new Encryption.Cipher(c.attr("name"),
                        c.attr("size", Integer::parseInt, Values.WHOLE_NUMBER), c.attr("mode"), c.attr("hash"))),
                e.present("ivgen").map(i -> new Encryption.IvGen(i.attr("name"), i.attr("hash")))));
    }

    static void encryption(ElementWriter parent, Optional<Encryption> encryption) {
        encryption.ifPresent(e -> {
            ElementWriter w = parent.child("encryption").attr("format", e.format()).attr("engine", e.engine());
            secret(w, e.secret());
            e.cipher().ifPresent(c -> w.child("cipher").attr("name", c.name()).attr("size", c.size())
                    .attr("mode", c.mode()).attr("hash", c.hash()));
            e.ivgen().ifPresent(i -> w.child("ivgen").attr("name", i.name()).attr("hash", i.hash()));
        });
    }

    static List<Extent> extents(ElementReader device, String name) {
        return device.children(name).stream().map(x -> new Extent(
                x.attr("start", Long::parseLong, Values.WHOLE_NUMBER).orElseThrow(() -> x.error(
                        "<" + name + "> needs a start attribute")),
                x.attr("end", Long::parseLong, Values.WHOLE_NUMBER).orElseThrow(() -> x.error(
                        "<" + name + "> needs an end attribute")))).toList();
    }

    static void extents(ElementWriter device, String name, List<Extent> extents) {
        extents.forEach(x -> device.child(name).attr("start", Long.toString(x.start()))
                .attr("end", Long.toString(x.end())));
    }
}
