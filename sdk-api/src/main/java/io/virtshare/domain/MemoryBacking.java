package io.virtshare.domain;

import io.virtshare.internal.Checks;
import io.virtshare.storage.Size;
import io.virtshare.xml.XmlExtras;
import java.util.List;
import java.util.Optional;

/**
 * A domain's {@code <memoryBacking>}: hugepages, nosharepages, locked, source type
 * (memfd, file, anonymous), access mode (shared, private), allocation, discard.
 * virtiofs needs shared memory: {@link #sharedMemfd()} or shared hugepages/file backing.
 *
 * <pre>{@code
 * MemoryBacking shared = MemoryBacking.sharedMemfd();  // <source type='memfd'/><access mode='shared'/>
 * shared.isShared();                                   // true
 * }</pre>
 *
 * @param hugepages {@code <hugepages>} with its pages; present and empty means default hugepages
 * @param noSharePages {@code <nosharepages/>}
 * @param locked {@code <locked/>}
 * @param sourceType memfd, file or anonymous
 * @param accessMode shared or private
 * @param allocationMode immediate or ondemand
 * @param allocationThreads threads used to allocate memory
 * @param discard {@code <discard/>}
 * @param extras XML inside {@code <memoryBacking>} the model does not know
 */
public record MemoryBacking(Optional<List<HugePage>> hugepages, boolean noSharePages, boolean locked,
        Optional<String> sourceType, Optional<String> accessMode, Optional<String> allocationMode,
        Optional<Integer> allocationThreads, boolean discard, XmlExtras extras) {

    /**
     * Copies the pages.
     */
    public MemoryBacking {
        Checks.nonNull(hugepages, sourceType, accessMode, allocationMode, allocationThreads, extras);
        hugepages = hugepages.map(List::copyOf);
    }

    /** Shared memfd memory, what virtiofs needs. */
    public static MemoryBacking sharedMemfd() {
        return new MemoryBacking(Optional.empty(), false, false, Optional.of("memfd"), Optional.of("shared"),
                Optional.empty(), Optional.empty(), false, XmlExtras.none());
    }

    /** Whether guest memory is shared with other processes (as vhost-user devices need). */
    public boolean isShared() {
        return accessMode.filter("shared"::equals).isPresent();
    }

    /**
     * One hugepage size: {@code <page size='2048' unit='KiB' nodeset='0'/>}. The unit is
     * KiB when not written.
     *
     * <pre>{@code
     * new MemoryBacking.HugePage(Optional.of(2048L), Optional.of("KiB"), Optional.empty()).pageSize();
     * }</pre>
     *
     * @param size the page size, in {@code unit}
     * @param unit the unit of {@code size}
     * @param nodeset the guest NUMA nodes using this size
     */
    public record HugePage(Optional<Long> size, Optional<String> unit, Optional<String> nodeset) {
        /**
         * Checks for nulls.
         */
        public HugePage {
            Checks.nonNull(size, unit, nodeset);
        }

        /** The page size (KiB when no unit is written). */
        public Optional<Size> pageSize() {
            return size.map(s -> Size.of(s, unit.orElse("KiB")));
        }
    }
}
