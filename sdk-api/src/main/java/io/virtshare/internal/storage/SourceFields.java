package io.virtshare.internal.storage;

import io.virtshare.InvalidSpecException;
import io.virtshare.storage.Adapter;
import io.virtshare.storage.Auth;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Host;
import io.virtshare.storage.PoolSource;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.SourceDevice;
import io.virtshare.xml.XmlExtras;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every field a pool {@code <source>} can hold, in one mutable bag: the codec reads into
 * it and writes from it, the pool builder collects into it, and {@link #toSource} turns
 * it into the variant of a pool type, refusing fields the type does not use.
 */
public final class SourceFields {
    /** Source element names, in the order libvirt writes them. */
    public static final List<String> ELEMENTS = List.of("host", "device", "dir", "adapter", "name", "initiator",
            "format", "auth", "protocol", "vendor", "product");

    private static final Map<PoolType, Set<String>> USES = uses();

    public final List<Host> hosts = new ArrayList<>();
    public final List<SourceDevice> devices = new ArrayList<>();
    public Optional<String> dir = Optional.empty();
    public Optional<Adapter> adapter = Optional.empty();
    public Optional<String> name = Optional.empty();
    public Optional<String> initiatorIqn = Optional.empty();
    public Optional<FormatType> format = Optional.empty();
    public Optional<Auth> auth = Optional.empty();
    public Optional<String> protocolVersion = Optional.empty();
    public Optional<String> vendor = Optional.empty();
    public Optional<String> product = Optional.empty();
    public XmlExtras extras = XmlExtras.none();

    private static Map<PoolType, Set<String>> uses() {
        Map<PoolType, Set<String>> m = new LinkedHashMap<>();
        m.put(PoolType.DIR, Set.of());
        m.put(PoolType.FS, Set.of("device", "format", "vendor", "product"));
        m.put(PoolType.NETFS, Set.of("host", "dir", "format", "protocol", "vendor", "product"));
        m.put(PoolType.LOGICAL, Set.of("name", "device", "format", "vendor", "product"));
        m.put(PoolType.DISK, Set.of("device", "format", "vendor", "product"));
        m.put(PoolType.ISCSI, Set.of("host", "device", "initiator", "auth", "vendor", "product"));
        m.put(PoolType.ISCSI_DIRECT, Set.of("host", "device", "initiator", "auth"));
        m.put(PoolType.SCSI, Set.of("adapter", "vendor", "product"));
        m.put(PoolType.MPATH, Set.of());
        m.put(PoolType.RBD, Set.of("name", "host", "auth"));
        m.put(PoolType.SHEEPDOG, Set.of("name", "host"));
        m.put(PoolType.GLUSTER, Set.of("name", "host", "dir"));
        m.put(PoolType.ZFS, Set.of("name", "device"));
        m.put(PoolType.VSTORAGE, Set.of("name"));
        m.put(PoolType.UNKNOWN_TO_SDK_VERSION, Set.of());
        return Map.copyOf(m);
    }

    /** The source elements a pool type uses. */
    public static Set<String> elementsFor(PoolType type) {
        return USES.get(type);
    }

    /** The source elements set in this bag. */
    public List<String> present() {
        List<String> set = new ArrayList<>();
        add(set, "host", !hosts.isEmpty());
        add(set, "device", !devices.isEmpty());
        add(set, "dir", dir.isPresent());
        add(set, "adapter", adapter.isPresent());
        add(set, "name", name.isPresent());
        add(set, "initiator", initiatorIqn.isPresent());
        add(set, "format", format.isPresent());
        add(set, "auth", auth.isPresent());
        add(set, "protocol", protocolVersion.isPresent());
        add(set, "vendor", vendor.isPresent());
        add(set, "product", product.isPresent());
        return set;
    }

    private static void add(List<String> into, String element, boolean present) {
        if (present) {
            into.add(element);
        }
    }

    /** The variant of {@code type} holding these fields. */
    public PoolSource toSource(PoolType type, String typeName) {
        List<String> foreign = new ArrayList<>(present());
        foreign.removeAll(elementsFor(type));
        if (!foreign.isEmpty()) {
            throw new InvalidSpecException(article(typeName) + " pool source has no "
                    + String.join(", ", foreign)
                    + "; " + typeName + " pools use " + describe(type));
        }
        return switch (type) {
            case DIR -> new PoolSource.Dir(extras);
            case FS -> new PoolSource.Fs(devices, format, vendor, product, extras);
            case NETFS -> new PoolSource.Netfs(hosts, dir, format, protocolVersion, vendor, product, extras);
            case LOGICAL -> new PoolSource.Logical(name, devices, format, vendor, product, extras);
            case DISK -> new PoolSource.Disk(devices, format, vendor, product, extras);
            case ISCSI -> new PoolSource.Iscsi(hosts, devices, initiatorIqn, auth, vendor, product, extras);
            case ISCSI_DIRECT -> new PoolSource.IscsiDirect(hosts, devices, initiatorIqn, auth, extras);
            case SCSI -> new PoolSource.Scsi(adapter, vendor, product, extras);
            case MPATH -> new PoolSource.Mpath(extras);
            case RBD -> new PoolSource.Rbd(name, hosts, auth, extras);
            case SHEEPDOG -> new PoolSource.Sheepdog(name, hosts, extras);
            case GLUSTER -> new PoolSource.Gluster(name, hosts, dir, extras);
            case ZFS -> new PoolSource.Zfs(name, devices, extras);
            case VSTORAGE -> new PoolSource.Vstorage(name, extras);
            case UNKNOWN_TO_SDK_VERSION -> new PoolSource.Unknown(extras);
        };
    }

    private static String describe(PoolType type) {
        Set<String> uses = elementsFor(type);
        List<String> ordered = ELEMENTS.stream().filter(uses::contains).toList();
        return ordered.isEmpty() ? "no source elements" : "source " + String.join(", ", ordered);
    }

    /** The fields of {@code source}. */
    public static SourceFields of(PoolSource source) {
        SourceFields f = new SourceFields();
        f.extras = source.extras();
        if (source instanceof PoolSource.Fs s) {
            f.devices.addAll(s.devices());
            f.format = s.format();
            f.vendor = s.vendor();
            f.product = s.product();
        } else if (source instanceof PoolSource.Netfs s) {
            f.hosts.addAll(s.hosts());
            f.dir = s.dir();
            f.format = s.format();
            f.protocolVersion = s.protocolVersion();
            f.vendor = s.vendor();
            f.product = s.product();
        } else if (source instanceof PoolSource.Logical s) {
            f.name = s.name();
            f.devices.addAll(s.devices());
            f.format = s.format();
            f.vendor = s.vendor();
            f.product = s.product();
        } else if (source instanceof PoolSource.Disk s) {
            f.devices.addAll(s.devices());
            f.format = s.format();
            f.vendor = s.vendor();
            f.product = s.product();
        } else if (source instanceof PoolSource.Iscsi s) {
            f.hosts.addAll(s.hosts());
            f.devices.addAll(s.devices());
            f.initiatorIqn = s.initiatorIqn();
            f.auth = s.auth();
            f.vendor = s.vendor();
            f.product = s.product();
        } else if (source instanceof PoolSource.IscsiDirect s) {
            f.hosts.addAll(s.hosts());
            f.devices.addAll(s.devices());
            f.initiatorIqn = s.initiatorIqn();
            f.auth = s.auth();
        } else if (source instanceof PoolSource.Scsi s) {
            f.adapter = s.adapter();
            f.vendor = s.vendor();
            f.product = s.product();
        } else if (source instanceof PoolSource.Rbd s) {
            f.name = s.name();
            f.hosts.addAll(s.hosts());
            f.auth = s.auth();
        } else if (source instanceof PoolSource.Sheepdog s) {
            f.name = s.name();
            f.hosts.addAll(s.hosts());
        } else if (source instanceof PoolSource.Gluster s) {
            f.name = s.name();
            f.hosts.addAll(s.hosts());
            f.dir = s.dir();
        } else if (source instanceof PoolSource.Zfs s) {
            f.name = s.name();
            f.devices.addAll(s.devices());
        } else if (source instanceof PoolSource.Vstorage s) {
            f.name = s.name();
        }
        return f;
    }

    /** "a dir", "an iscsi": the type with its article, for messages. */
    public static String article(String type) {
        return ("aeiou".indexOf(type.isEmpty() ? 'x' : type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }
}
