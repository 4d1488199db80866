package io.virtshare.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The storage pool capabilities of a host ({@code virsh pool-capabilities}): which pool
 * types its libvirt supports and the formats each takes.
 *
 * <pre>{@code
 * PoolCapabilities caps = vs.pools().capabilities();
 * if (!caps.supports(PoolType.RBD)) {
 *     System.err.println("this libvirt has no Ceph backend");
 * }
 * }</pre>
 *
 * @param pools one entry per pool type libvirt knows
 * @param xml the document libvirt returned
 */
public record PoolCapabilities(List<PoolTypeCapability> pools, String xml) {
    /** Checks for nulls and copies the list. */
    public PoolCapabilities {
        pools = List.copyOf(pools);
        Objects.requireNonNull(xml, "xml");
    }

    /** The entry for {@code type}, if libvirt listed it. */
    public Optional<PoolTypeCapability> of(PoolType type) {
        return pools.stream().filter(p -> p.type() == type).findFirst();
    }

    /** Whether libvirt lists {@code type} as supported. */
    public boolean supports(PoolType type) {
        return of(type).map(PoolTypeCapability::supported).orElse(false);
    }
}
