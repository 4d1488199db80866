package io.virtshare.domain;

import io.virtshare.InvalidSpecException;
import io.virtshare.internal.xml.FilesystemCodec;
import io.virtshare.xml.XmlCodec;
import io.virtshare.xml.XmlExtras;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A libvirt domain {@code <filesystem>} device: a host directory (or socket, file, …)
 * exposed to the guest under a mount tag, over virtiofs or 9p.
 *
 * <p>Every attribute and child libvirt documents is modelled; XML this SDK does not
 * know is kept in {@link #extras()} and written back. Leaf elements keep all their
 * attributes in order (typed accessors read them), so nothing is lost in a round trip.
 *
 * <pre>{@code
 * FilesystemDevice fs = FilesystemDevice.virtiofs(Path.of("/srv/models/llama"), "llama")
 *         .queue(1024).cache("always").build();
 * String xml = fs.toXml();   // <filesystem type='mount' accessmode='passthrough'>...
 * FilesystemDevice again = FilesystemDevice.parse(xml);
 * FilesystemDevice store = FilesystemDevice.ninep(Path.of("/nix/store"), "ro-store").readOnly(true).build();
 * }</pre>
 *
 * <p>Built devices are accepted by the libvirt they are built for: a read-only virtiofs
 * device needs libvirt 11.0.0 or later, so the builder refuses it unless it is given the
 * {@link LibvirtFeatures} of such a libvirt (see there for the alternatives). Parsed
 * devices keep what the XML says.
 *
 * @param attributes the element's attributes: {@code type}, {@code accessmode}, {@code model},
 *     {@code multidevs}, {@code fmode}, {@code dmode}, and any unknown one, in order
 * @param driver {@code <driver>} attributes ({@code type}, {@code queue}, {@code format},
 *     {@code wrpolicy}, {@code iommu}, {@code ats}, {@code packed}); empty when absent
 * @param binary {@code <binary>} for virtiofs: path, xattr, cache, sandbox, lock, thread pool,
 *     open files; empty when absent
 * @param idmap {@code <idmap>} entries
 * @param source {@code <source>} attributes ({@code dir}, {@code socket}, {@code file},
 *     {@code name}, {@code usage}, {@code units}, …)
 * @param target the mount tag ({@code <target dir>}); empty when the element has none
 * @param readOnly whether {@code <readonly/>} is present
 * @param spaceHardLimit {@code <space_hard_limit>} as value and unit attributes, when present
 * @param spaceSoftLimit {@code <space_soft_limit>}, when present
 * @param bootOrder {@code <boot order>}, when present
 * @param alias {@code <alias name>}, when present
 * @param address {@code <address>} attributes; empty when absent
 * @param extras unknown child elements (and nothing else), kept verbatim
 */
public record FilesystemDevice(Map<String, String> attributes, Map<String, String> driver,
        Optional<Binary> binary, List<IdMapping> idmap, Map<String, String> source, String target,
        boolean readOnly, Optional<Limit> spaceHardLimit, Optional<Limit> spaceSoftLimit, Optional<Integer> bootOrder,
        Optional<String> alias, Map<String, String> address, XmlExtras extras) {

    /** The virtiofs tag limit, in bytes. */
    public static final int VIRTIOFS_TAG_MAX = 36;
    /** The 9p mount tag limit, in bytes (tags must be shorter). */
    public static final int NINEP_TAG_LIMIT = 31;

    public FilesystemDevice {
        attributes = copy(attributes);
        driver = copy(driver);
        Objects.requireNonNull(binary, "binary");
        idmap = List.copyOf(idmap);
        source = copy(source);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(spaceHardLimit, "spaceHardLimit");
        Objects.requireNonNull(spaceSoftLimit, "spaceSoftLimit");
        Objects.requireNonNull(bootOrder, "bootOrder");
        Objects.requireNonNull(alias, "alias");
        address = copy(address);
        Objects.requireNonNull(extras, "extras");
    }

    static Map<String, String> copy(Map<String, String> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * {@code <binary>}: how libvirt starts virtiofsd for this device.
     *
     * @param attributes {@code path}, {@code xattr} and unknown ones
     * @param cacheMode {@code <cache mode>}
     * @param sandboxMode {@code <sandbox mode>}
     * @param lock {@code <lock>} attributes ({@code posix}, {@code flock}); empty when absent
     * @param threadPoolSize {@code <thread_pool size>}
     * @param openFilesMax {@code <openfiles max>}
     * @param extras unknown children
     */
    public record Binary(Map<String, String> attributes, Optional<String> cacheMode, Optional<String> sandboxMode,
            Map<String, String> lock, Optional<Integer> threadPoolSize, Optional<Long> openFilesMax,
            XmlExtras extras) {
        public Binary {
            attributes = copy(attributes);
            lock = copy(lock);
            Objects.requireNonNull(cacheMode, "cacheMode");
            Objects.requireNonNull(sandboxMode, "sandboxMode");
            Objects.requireNonNull(threadPoolSize, "threadPoolSize");
            Objects.requireNonNull(openFilesMax, "openFilesMax");
            Objects.requireNonNull(extras, "extras");
        }

        /** The virtiofsd binary libvirt runs, when given. */
        public Optional<String> path() {
            return Optional.ofNullable(attributes.get("path"));
        }
    }

    /**
     * One {@code <idmap>} entry.
     *
     * @param kind {@code uid} or {@code gid}
     * @param start first id in the guest
     * @param target first id on the host
     * @param count how many ids
     */
    public record IdMapping(String kind, long start, long target, long count) {
        public IdMapping {
            if (!kind.equals("uid") && !kind.equals("gid")) {
                throw new InvalidSpecException("idmap entries are uid or gid, not " + kind);
            }
        }
    }

    /**
     * A space limit: {@code <space_hard_limit unit='KiB'>1024</space_hard_limit>}.
     *
     * @param value the number as written
     * @param unit the unit attribute, or empty
     */
    public record Limit(String value, Optional<String> unit) {
    }

    /**
     * The filesystem type: {@code mount} (a host directory, libvirt's default when absent),
     * {@code block}, {@code file}, {@code template}, {@code ram}, {@code bind} or {@code volume}.
     */
    public String type() {
        return attributes.getOrDefault("type", "mount");
    }

    /** The {@code <driver type>}: {@code virtiofs}, {@code path}, {@code handle}, … */
    public Optional<String> driverType() {
        return Optional.ofNullable(driver.get("type"));
    }

    /** {@code accessmode}: {@code passthrough}, {@code mapped} or {@code squash}. */
    public Optional<String> accessMode() {
        return Optional.ofNullable(attributes.get("accessmode"));
    }

    /** Whether this device is served by virtiofsd (driver type virtiofs). */
    public boolean isVirtiofs() {
        return "virtiofs".equals(driver.get("type"));
    }

    /** The host directory ({@code <source dir>}), when the source is one. */
    public Optional<Path> sourceDir() {
        return Optional.ofNullable(source.get("dir")).map(Path::of);
    }

    /**
     * Parses one {@code <filesystem>} element: {@code XmlCodec.defaults().readFilesystem(xml)},
     * the codec's one parse path and limit.
     *
     * @throws io.virtshare.xml.XmlParseException when the XML is malformed, not a filesystem or holds a bad value
     */
    public static FilesystemDevice parse(String xml) {
        return XmlCodec.defaults().readFilesystem(xml);
    }

    /** This device as a {@code <filesystem>} element. */
    public String toXml() {
        return FilesystemCodec.write(this);
    }

    /** A virtiofs device for {@code dir} under {@code tag} (accessmode passthrough, as virtiofs needs). */
    public static Builder virtiofs(Path dir, String tag) {
        Builder b = new Builder(tag).attribute("type", "mount").attribute("accessmode", "passthrough")
                .driverAttribute("type", "virtiofs");
        b.source.put("dir", dir.toString());
        return b;
    }

    /** A 9p device for {@code dir} under {@code tag} (accessmode {@code mapped} unless changed). */
    public static Builder ninep(Path dir, String tag) {
        Builder b = new Builder(tag).attribute("type", "mount").attribute("accessmode", "mapped")
                .driverAttribute("type", "path");
        b.source.put("dir", dir.toString());
        return b;
    }

    /** A builder holding this device's values. */
    public Builder toBuilder() {
        Builder b = new Builder(target);
        b.attributes.putAll(attributes);
        b.driver.putAll(driver);
        b.binary = binary.orElse(null);
        b.idmap.addAll(idmap);
        b.source.putAll(source);
        b.readOnly = readOnly;
        b.hard = spaceHardLimit.orElse(null);
        b.soft = spaceSoftLimit.orElse(null);
        b.bootOrder = bootOrder.orElse(null);
        b.alias = alias.orElse(null);
        b.address.putAll(address);
        b.extras = extras;
        return b;
    }

    /** Builds a {@link FilesystemDevice}; see {@link #virtiofs(Path, String)} and {@link #ninep(Path, String)}. */
    public static final class Builder {
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final Map<String, String> driver = new LinkedHashMap<>();
        private Binary binary;
        private final List<IdMapping> idmap = new ArrayList<>();
        private final Map<String, String> source = new LinkedHashMap<>();
        private String target;
        private boolean readOnly;
        private Limit hard;
        private Limit soft;
        private Integer bootOrder;
        private String alias;
        private final Map<String, String> address = new LinkedHashMap<>();
        private XmlExtras extras = XmlExtras.none();
        private LibvirtFeatures features = LibvirtFeatures.unknown();

        private Builder(String target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /** The mount tag. */
        public Builder tag(String value) {
            this.target = Objects.requireNonNull(value, "tag");
            return this;
        }

        /** An attribute of {@code <filesystem>} ({@code accessmode}, {@code model}, {@code multidevs}, …). */
        public Builder attribute(String name, String value) {
            attributes.put(name, value);
            return this;
        }

        /** An attribute of {@code <driver>} ({@code type}, {@code queue}, {@code iommu}, …). */
        public Builder driverAttribute(String name, String value) {
            driver.put(name, value);
            return this;
        }

        /** The virtqueue size ({@code <driver queue>}). */
        public Builder queue(int size) {
            return driverAttribute("queue", Integer.toString(size));
        }

        /**
         * {@code <readonly/>}. On a virtiofs device the libvirt it is built for must accept it
         * (libvirt 11.0.0 or later): see {@link #features(LibvirtFeatures)}.
         */
        public Builder readOnly(boolean value) {
            this.readOnly = value;
            return this;
        }

        /** The virtiofsd cache mode libvirt passes ({@code <binary><cache mode>}). */
        public Builder cache(String mode) {
            Binary b = binary == null ? emptyBinary() : binary;
            binary = new Binary(b.attributes(), Optional.of(mode), b.sandboxMode(), b.lock(), b.threadPoolSize(),
                    b.openFilesMax(), b.extras());
            return this;
        }

        /** The virtiofsd binary libvirt runs ({@code <binary path>}). */
        public Builder binaryPath(Path path) {
            Binary b = binary == null ? emptyBinary() : binary;
            Map<String, String> attrs = new LinkedHashMap<>(b.attributes());
            attrs.put("path", path.toString());
            binary = new Binary(attrs, b.cacheMode(), b.sandboxMode(), b.lock(), b.threadPoolSize(), b.openFilesMax(),
                    b.extras());
            return this;
        }

        /** The whole {@code <binary>} element. */
        public Builder binary(Binary value) {
            this.binary = value;
            return this;
        }

        private static Binary emptyBinary() {
            return new Binary(Map.of(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
                    Optional.empty(), XmlExtras.none());
        }

        /** Adds an {@code <idmap>} entry. */
        public Builder idmap(IdMapping mapping) {
            idmap.add(mapping);
            return this;
        }

        /**
         * The libvirt the device is for ({@link LibvirtFeatures#unknown()} unless given):
         * {@link #build()} refuses what it does not accept.
         */
        public Builder features(LibvirtFeatures value) {
            this.features = Objects.requireNonNull(value, "features");
            return this;
        }

        /** The boot order. */
        public Builder bootOrder(int order) {
            this.bootOrder = order;
            return this;
        }

        /** The device alias ({@code <alias name>}). */
        public Builder alias(String name) {
            this.alias = name;
            return this;
        }

        /**
         * The device.
         *
         * @throws InvalidSpecException when the tag is empty or over the protocol's limit, or the
         *     device is read-only virtiofs and the libvirt it is for (its {@link LibvirtFeatures})
         *     does not accept that; the message names the alternatives
         */
        public FilesystemDevice build() {
            int bytes = target.getBytes(StandardCharsets.UTF_8).length;
            if ("virtiofs".equals(driver.get("type")) && (bytes == 0 || bytes > VIRTIOFS_TAG_MAX)) {
                throw new InvalidSpecException("virtiofs tag '" + target + "' is " + bytes + " bytes; give 1 to "
                        + VIRTIOFS_TAG_MAX + " bytes");
            }
            if ("path".equals(driver.get("type")) && (bytes == 0 || bytes >= NINEP_TAG_LIMIT)) {
                throw new InvalidSpecException("9p mount tag '" + target + "' is " + bytes + " bytes; give 1 to "
                        + (NINEP_TAG_LIMIT - 1) + " bytes");
            }
            if (readOnly && "virtiofs".equals(driver.get("type")) && !features.readOnlyVirtiofs()) {
                throw new InvalidSpecException(features.readOnlyVirtiofsRefusal(target));
            }
            return new FilesystemDevice(attributes, driver, Optional.ofNullable(binary), idmap, source, target,
                    readOnly, Optional.ofNullable(hard), Optional.ofNullable(soft), Optional.ofNullable(bootOrder),
                    Optional.ofNullable(alias), address, extras);
        }
    }
}
