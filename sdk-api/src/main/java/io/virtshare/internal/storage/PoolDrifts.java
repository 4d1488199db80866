package io.virtshare.internal.storage;

import io.virtshare.internal.xml.SafeXmlParser;
import io.virtshare.internal.xml.XmlDifferences;
import io.virtshare.storage.PoolDrift;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.xml.XmlCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.w3c.dom.Element;

/**
 * Where a live pool or volume differs from its declaration, field by field, with the codec's
 * semantic comparison ({@link XmlDifferences#stated}): both sides are read and written by the
 * codec, so units and attribute order do not matter, and only what the declaration states
 * counts. Not compared, as libvirt reports them of the storage and not of the definition: a
 * pool's capacity, allocation and available space and a device's free extents; a volume's
 * key, allocation, physical size and timestamps (its capacity is compared by value, apart:
 * {@link #capacity}); an owner or group of {@code -1} ("whoever runs libvirt"). A pool's target
 * path is compared as libvirt sanitizes it (no repeated or trailing slashes).
 *
 * <p>The live XML is the host's answer, so hostile: it is read with the codec, whose limits and
 * refusal of DTDs apply.
 */
public final class PoolDrifts {
    private static final XmlCodec CODEC = XmlCodec.defaults();
    private static final SafeXmlParser PARSER = new SafeXmlParser(XmlCodec.DEFAULT_MAX_INPUT_CHARS);
    private static final Set<String> POOL_RUNTIME = Set.of("/pool/capacity", "/pool/allocation", "/pool/available");
    private static final Set<String> VOLUME_RUNTIME = Set.of("/volume/capacity", "/volume/allocation",
            "/volume/physical", "/volume/key", "/volume/target/timestamps", "/volume/backingStore/timestamps");

    private PoolDrifts() {
    }

    /**
     * What {@code declared} states that the pool in {@code liveXml} lacks or holds otherwise.
     *
     * @throws io.virtshare.xml.XmlParseException when the live XML is not a pool the codec reads
     */
    public static List<PoolDrift> pool(PoolSpec declared, String liveXml) {
        String name = declared.name().orElseThrow();
        Predicate<String> ignored = path -> POOL_RUNTIME.contains(path)
                || (path.startsWith("/pool/source/device") && path.contains("/freeExtent"));
        return drift(name, Optional.empty(), CODEC.writePool(declared),
                CODEC.writePool(CODEC.readPool(liveXml)), ignored);
    }

    /**
     * What {@code declared} states, its capacity apart, that the volume in {@code liveXml} lacks
     * or holds otherwise.
     *
     * @throws io.virtshare.xml.XmlParseException when the live XML is not a volume the codec reads
     */
    public static List<PoolDrift> volume(String pool, VolumeSpec declared, String liveXml) {
        return drift(pool, Optional.of(declared.name()), CODEC.writeVolume(declared),
                CODEC.writeVolume(CODEC.readVolume(liveXml)), VOLUME_RUNTIME::contains);
    }

    /** The capacity drift of a volume: declared and live, in bytes; empty when they are equal. */
    public static Optional<PoolDrift> capacity(String pool, String volume, long declared, long live) {
        return declared == live ? Optional.empty() : Optional.of(new PoolDrift(pool, Optional.of(volume),
                "/volume/capacity", Optional.of(Long.toString(declared)), Optional.of(Long.toString(live))));
    }

    /** A path as libvirt sanitizes a pool's target: repeated slashes as one, no trailing slash. */
    private static String sanitized(String path) {
        String once = path.replaceAll("/{2,}", "/");
        return once.length() > 1 && once.endsWith("/") ? once.substring(0, once.length() - 1) : once;
    }

    private static List<PoolDrift> drift(String pool, Optional<String> volume, String declaredXml, String liveXml,
            Predicate<String> ignored) {
        Element declared = PARSER.parse(declaredXml).getDocumentElement();
        Element live = PARSER.parse(liveXml).getDocumentElement();
        Predicate<String> unstated = path -> path.endsWith("/permissions/owner") || path.endsWith("/permissions/group");
        List<PoolDrift> drift = new ArrayList<>();
        for (XmlDifferences.Difference d : XmlDifferences.stated(declared, live, ignored)) {
            if (unstated.test(d.path()) && d.expected().filter("-1"::equals).isPresent()) {
                continue;
            }
            if (d.path().equals("/pool/target/path") && d.expected().map(PoolDrifts::sanitized)
                    .equals(d.actual().map(PoolDrifts::sanitized))) {
                continue;   // libvirt writes the target path sanitized: /srv//images/ is /srv/images
            }
            drift.add(new PoolDrift(pool, volume, d.path(), d.expected(), d.actual()));
        }
        return List.copyOf(drift);
    }
}
