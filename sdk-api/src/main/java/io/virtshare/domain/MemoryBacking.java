package io.virtshare.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A read view of a domain's {@code <memoryBacking>}: what decides whether the guest's
 * memory can be shared with virtiofsd.
 *
 * <pre>{@code
 * DomainXml.parse(xml).memoryBacking().ifPresent(m -> System.out.println(m.accessMode()));
 * }</pre>
 *
 * @param hugepages whether {@code <hugepages>} is present
 * @param sourceType {@code <source type>}: {@code memfd}, {@code file} or {@code anonymous}
 * @param accessMode {@code <access mode>}: {@code shared} or {@code private}
 * @param nosharepages whether {@code <nosharepages/>} is present
 * @param locked whether {@code <locked/>} is present
 * @param allocationMode {@code <allocation mode>}: {@code immediate} or {@code ondemand}
 * @param discard whether {@code <discard/>} is present
 */
public record MemoryBacking(boolean hugepages, Optional<String> sourceType, Optional<String> accessMode,
        boolean nosharepages, boolean locked, Optional<String> allocationMode, boolean discard) {
    public MemoryBacking {
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(accessMode, "accessMode");
        Objects.requireNonNull(allocationMode, "allocationMode");
    }

    /** Whether memory is shared ({@code <access mode='shared'/>}). */
    public boolean shared() {
        return accessMode.filter("shared"::equals).isPresent();
    }
}
