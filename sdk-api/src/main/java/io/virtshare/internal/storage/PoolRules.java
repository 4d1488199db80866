package io.virtshare.internal.storage;

import io.virtshare.storage.Auth;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Host;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolTarget;
import io.virtshare.storage.PoolType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What libvirt needs of a pool of each type, as problems that say what to add or change. */
public final class PoolRules {
    private static final java.util.regex.Pattern HOST_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9.\\-]+|[0-9A-Fa-f:.]+");

    private PoolRules() {
    }

    /** Every problem of {@code pool}; empty when libvirt can define it. */
    public static List<String> problems(PoolSpec pool) {
        List<String> problems = new ArrayList<>();
        PoolType type = pool.type();
        String t = pool.typeName();
        if (type.removedFromLibvirt()) {
            problems.add("sheepdog pools were removed in libvirt 8.8; this SDK reads them but does not send them "
                    + "to libvirt: move the volumes to an rbd or gluster pool");
            return problems;
        }
        if (type == PoolType.UNKNOWN_TO_SDK_VERSION) {
            problems.add(PoolTypeNames.unknown(t));
            return problems;
        }
        if (type.needsName() && pool.name().filter(n -> !n.isBlank()).isEmpty()) {
            problems.add(article(t) + " pool needs a name: set name(…)");
        }
        if (type.needsTargetPath() && pool.target().flatMap(PoolTarget::path).filter(p -> !p.isBlank()).isEmpty()) {
            problems.add(article(t) + " pool needs a target path, the directory where its volumes appear: "
                    + "set target(Path.of(\"/var/lib/libvirt/images/…\"))"
                    + " (in XML: <target><path>/var/lib/libvirt/images/…</path></target>)");
        }
        if (type == PoolType.LOGICAL && pool.target().isEmpty()) {
            problems.add("a logical pool needs a target (libvirt's schema requires the element; its path may be"
                    + " left out and then is /dev/<volume group>): set target(Path.of(\"/dev/vg0\"))"
                    + " (in XML: <target><path>/dev/vg0"
                    + "</path></target>)");
        }
        if (!type.hasTarget() && pool.target().isPresent()) {
            problems.add(article(t) + " pool has no target (libvirt reaches its volumes over the network):"
                    + " remove the"
                    + " target path and permissions");
        }
        if (type.hasTarget() && !type.needsTargetPath() && type != PoolType.LOGICAL && pool.target().isPresent()
                && pool.target().flatMap(PoolTarget::path).filter(p -> !p.isBlank()).isEmpty()) {
            problems.add(article(t) + " pool's target needs a path once it is given"
                    + " (libvirt's schema requires it):"
                    + " set target(Path.of(\"/dev/…\")) or leave out the permissions");
        }
        SourceFields s = pool.source().map(SourceFields::of).orElseGet(SourceFields::new);
        s.hosts.stream().map(Host::name).filter(n -> !HOST_NAME.matcher(n).matches()).forEach(n -> problems.add(
                "source host '" + n + "' is neither a DNS name nor an IP address: use letters, digits, '.' and '-'"
                        + " (e.g. nfs.example.com) or an address such as 192.0.2.10"));
        switch (type) {
            case FS -> need(problems, !s.devices.isEmpty(), t, "a source device (the block device to mount)",
                    "device(Path.of(\"/dev/sdb1\"))", "<source><device path='/dev/sdb1'/></source>");
            case NETFS -> {
                need(problems, !s.hosts.isEmpty(), t, "a source host (the file server)", "host(\"nfs.example.com\")",
                        "<source><host name='nfs.example.com'/></source>");
                need(problems, s.dir.isPresent(), t, "a source dir (the exported directory)",
                        "dir(Path.of(\"/exports/vm\"))",
                        "<source><dir path='/exports/vm'/></source>");
            }
            case LOGICAL -> need(problems, s.name.isPresent() || !s.devices.isEmpty(), t,
                    "a source name (the volume group) or source devices to build it from",
                    "sourceName(\"vg0\") or device(Path.of(\"/dev/sdb1\"))",
                            "<source><name>vg0</name></source> or <source><device path='/dev/sdb1'/></source>");
            case DISK -> need(problems, !s.devices.isEmpty(), t, "a source device (the disk)",
                    "device(Path.of(\"/dev/sdb\"))",
                    "<source><device path='/dev/sdb'/></source>");
            case ISCSI, ISCSI_DIRECT -> {
                need(problems, !s.hosts.isEmpty(), t, "a source host (the iSCSI portal)",
                        "host(\"iscsi.example.com\")", "<source><host name='iscsi.example.com'/></source>");
                need(problems, !s.devices.isEmpty(), t, "a source device path (the target IQN)",
                        "device(\"iqn.2013-06.com.example:target\")",
                                "<source><device path='iqn.2013-06.com.example:target'/></source>");
                if (type == PoolType.ISCSI_DIRECT) {
                    need(problems, s.initiatorIqn.isPresent(), t, "an initiator IQN",
                            "initiatorIqn(\"iqn.2013-06.com.example:initiator\")",
                                    "<source><initiator><iqn name='iqn.2013-06.com.example:initiator'/>"
                                            + "</initiator></source>");
                }
            }
            case SCSI -> need(problems, s.adapter.isPresent(), t, "a source adapter",
                    "adapter(Adapter.scsiHost(\"host0\"))",
                            "<source><adapter type='scsi_host' name='host0'/></source>");
            case RBD -> {
                need(problems, s.name.isPresent(), t, "a source name (the RADOS pool)", "sourceName(\"rbd\")",
                        "<source><name>rbd</name></source>");
                need(problems, !s.hosts.isEmpty(), t, "a source host (a Ceph monitor)", "host(\"mon1\", 6789)",
                        "<source><host name='mon1' port='6789'/></source>");
            }
            case GLUSTER -> {
                need(problems, s.name.isPresent(), t, "a source name (the Gluster volume)", "sourceName(\"gv0\")",
                        "<source><name>gv0</name></source>");
                need(problems, !s.hosts.isEmpty(), t, "a source host (a Gluster server)", "host(\"gluster1\")",
                        "<source><host name='gluster1'/></source>");
            }
            case ZFS -> need(problems, s.name.isPresent(), t, "a source name (the zpool)", "sourceName(\"tank\")",
                    "<source><name>tank</name></source>");
            case VSTORAGE -> need(problems, s.name.isPresent(), t, "a source name (the cluster)",
                    "sourceName(\"cluster1\")", "<source><name>cluster1</name></source>");
            default -> {
                // dir and mpath need no source
            }
        }
        s.format.ifPresent(f -> {
            if (!type.sourceFormats().contains(f)) {
                problems.add(type.sourceFormats().isEmpty()
                        ? article(t) + " pool has no source format; remove format(" + f + ")"
                        : "source format " + f + " is not one a " + t + " pool takes; use one of "
                                + type.sourceFormats().stream().map(FormatType::type).collect(Collectors.joining(", ")));
            }
        });
        s.auth.ifPresent(a -> auth(problems, a));
        if (!pool.mountOptions().isEmpty() && type != PoolType.FS && type != PoolType.NETFS) {
            problems.add("mount options are for fs and netfs pools; remove them from this " + t + " pool");
        }
        if (!pool.rbdOptions().isEmpty() && type != PoolType.RBD) {
            problems.add("rbd config options are for rbd pools; remove them from this " + t + " pool");
        }
        return problems;
    }

    /** "a dir", "an iscsi": the type with its article, for messages. */
    public static String article(String type) {
        return ("aeiou".indexOf(type.isEmpty() ? 'x' : type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static void need(List<String> problems, boolean present, String type, String what, String how,
            String xml) {
        if (!present) {
            problems.add(article(type) + " pool needs " + what + ": set " + how + " (in XML: " + xml + ")");
        }
    }

    private static void auth(List<String> problems, Auth auth) {
        if (auth.type().isEmpty() || auth.username().isEmpty() || auth.secret().isEmpty()) {
            problems.add("source auth needs a type (chap or ceph), a username and a secret: use "
                    + "Auth.chap(user, SecretRef.uuid(…)) or Auth.ceph(user, SecretRef.uuid(…))");
        }
    }
}
