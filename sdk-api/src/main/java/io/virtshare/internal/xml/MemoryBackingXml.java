package io.virtshare.internal.xml;

import io.virtshare.domain.MemoryBacking;
import java.util.List;
import java.util.Optional;

/** Reads and writes a domain's {@code <memoryBacking>}. */
public final class MemoryBackingXml {
    private MemoryBackingXml() {
    }

    /** Reads a {@code <memoryBacking>} element. */
    public static MemoryBacking read(org.w3c.dom.Element element) {
        return read(new ElementReader(element));
    }

    static MemoryBacking read(ElementReader mb) {
        Optional<List<MemoryBacking.HugePage>> hugepages = mb.child("hugepages").map(h -> h.used().children("page")
                .stream().map(p -> new MemoryBacking.HugePage(p.attr("size", Long::parseLong, Values.WHOLE_NUMBER),
                        p.attr("unit"), p.attr("nodeset"))).toList());
        boolean noSharePages = mb.flag("nosharepages");
        boolean locked = mb.flag("locked");
        var sourceType = mb.child("source").flatMap(s -> s.attr("type"));
        var accessMode = mb.child("access").flatMap(a -> a.attr("mode"));
        var allocation = mb.child("allocation");
        var allocationMode = allocation.flatMap(a -> a.attr("mode"));
        var threads = allocation.flatMap(a -> a.attr("threads", Integer::parseInt, Values.WHOLE_NUMBER));
        boolean discard = mb.flag("discard");
        return new MemoryBacking(hugepages, noSharePages, locked, sourceType, accessMode, allocationMode, threads,
                discard, mb.extras());
    }

    static ElementWriter write(MemoryBacking mb) {
        ElementWriter w = ElementWriter.root("memoryBacking", ExtraXml.of(mb.extras()));
        mb.hugepages().ifPresent(pages -> {
            ElementWriter hw = w.child("hugepages");
            pages.forEach(p -> hw.child("page").attr("size", p.size()).attr("unit", p.unit())
                    .attr("nodeset", p.nodeset()));
        });
        w.flag("nosharepages", mb.noSharePages());
        w.flag("locked", mb.locked());
        mb.sourceType().ifPresent(t -> w.child("source").attr("type", t));
        mb.accessMode().ifPresent(m -> w.child("access").attr("mode", m));
        if (mb.allocationMode().isPresent() || mb.allocationThreads().isPresent()) {
            w.child("allocation").attr("mode", mb.allocationMode()).attr("threads", mb.allocationThreads());
        }
        w.flag("discard", mb.discard());
        return w;
    }
}
