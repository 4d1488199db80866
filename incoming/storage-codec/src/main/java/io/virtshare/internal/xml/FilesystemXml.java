package io.virtshare.internal.xml;

import io.virtshare.domain.DeviceAddress;
import io.virtshare.domain.FilesystemBinary;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.FilesystemDriver;
import io.virtshare.domain.FilesystemSource;
import io.virtshare.domain.IdMap;
import io.virtshare.domain.MemoryBacking;
import java.util.List;
import java.util.Optional;

/** Reads and writes a domain's {@code <filesystem>} and {@code <memoryBacking>}. */
final class FilesystemXml {
    private FilesystemXml() {
    }

    static FilesystemDevice read(ElementReader fs) {
        var type = fs.attr("type");
        var accessMode = fs.attr("accessmode");
        var model = fs.attr("model");
        var multidevs = fs.attr("multidevs");
        var fmode = fs.attr("fmode", Values::octal, Values.OCTAL);
        var dmode = fs.attr("dmode", Values::octal, Values.OCTAL);
        var driver = fs.present("driver").map(d -> new FilesystemDriver(d.attr("type"),
                d.attr("queue", Integer::parseInt, Values.WHOLE_NUMBER), d.attr("format"), d.attr("wrpolicy"),
                d.attr("iommu", Values::onOff, Values.ON_OFF), d.attr("ats", Values::onOff, Values.ON_OFF),
                d.attr("packed", Values::onOff, Values.ON_OFF)));
        var binary = fs.present("binary").map(b -> {
            var lock = b.child("lock");
            return new FilesystemBinary(b.attr("path"), b.attr("xattr", Values::onOff, Values.ON_OFF),
                    b.child("cache").flatMap(c -> c.attr("mode")), b.child("sandbox").flatMap(c -> c.attr("mode")),
                    lock.flatMap(l -> l.attr("posix", Values::onOff, Values.ON_OFF)),
                    lock.flatMap(l -> l.attr("flock", Values::onOff, Values.ON_OFF)),
                    b.child("thread_pool").flatMap(t -> t.attr("size", Integer::parseInt, Values.WHOLE_NUMBER)),
                    b.child("openfiles").flatMap(o -> o.attr("max", Long::parseLong, Values.WHOLE_NUMBER)));
        });
        var idmap = fs.present("idmap").map(m -> new IdMap(idmap(m, "uid"), idmap(m, "gid")));
        var source = fs.present("source").map(s -> new FilesystemSource(s.attr("dir"), s.attr("socket"),
                s.attr("dev"), s.attr("file"), s.attr("name"), s.attr("pool"), s.attr("volume"),
                s.attr("usage", Long::parseLong, Values.WHOLE_NUMBER), s.attr("units")));
        var targetDir = fs.child("target").flatMap(t -> t.attr("dir"));
        boolean readOnly = fs.flag("readonly");
        var hard = fs.child("space_hard_limit").map(Values::size);
        var soft = fs.child("space_soft_limit").map(Values::size);
        var boot = fs.child("boot").flatMap(b -> b.attr("order", Integer::parseInt, Values.WHOLE_NUMBER));
        var alias = fs.child("alias").flatMap(a -> a.attr("name"));
        var address = fs.present("address").map(a -> DeviceAddress.of(a.attributes()));
        return new FilesystemDevice(type, accessMode, model, multidevs, fmode, dmode, driver, binary, idmap, source,
                targetDir, readOnly, hard, soft, boot, alias, address, fs.extras());
    }

    private static List<IdMap.Entry> idmap(ElementReader map, String name) {
        return map.children(name).stream().map(e -> new IdMap.Entry(number(e, "start"), number(e, "target"),
                number(e, "count"))).toList();
    }

    private static long number(ElementReader e, String name) {
        return e.attr(name, Long::parseLong, Values.WHOLE_NUMBER)
                .orElseThrow(() -> e.error("<" + e.name() + "> needs a " + name + " attribute"));
    }

    static ElementWriter write(FilesystemDevice fs) {
        ElementWriter w = ElementWriter.root("filesystem", ExtraXml.of(fs.extras()));
        w.attr("type", fs.type()).attr("accessmode", fs.accessMode()).attr("model", fs.model())
                .attr("multidevs", fs.multidevs()).attr("fmode", fs.fmode().map(Values::octal))
                .attr("dmode", fs.dmode().map(Values::octal));
        fs.driver().ifPresent(d -> w.child("driver").attr("type", d.type()).attr("queue", d.queue())
                .attr("format", d.format()).attr("wrpolicy", d.wrpolicy()).attr("iommu", d.iommu().map(Values::onOff))
                .attr("ats", d.ats().map(Values::onOff)).attr("packed", d.packed().map(Values::onOff)));
        fs.binary().ifPresent(b -> {
            ElementWriter bw = w.child("binary").attr("path", b.path()).attr("xattr", b.xattr().map(Values::onOff));
            b.cacheMode().ifPresent(m -> bw.child("cache").attr("mode", m));
            b.sandboxMode().ifPresent(m -> bw.child("sandbox").attr("mode", m));
            if (b.lockPosix().isPresent() || b.lockFlock().isPresent()) {
                bw.child("lock").attr("posix", b.lockPosix().map(Values::onOff))
                        .attr("flock", b.lockFlock().map(Values::onOff));
            }
            b.threadPoolSize().ifPresent(s -> bw.child("thread_pool").attr("size", s.toString()));
            b.openFilesMax().ifPresent(m -> bw.child("openfiles").attr("max", m.toString()));
        });
        fs.idmap().ifPresent(m -> {
            ElementWriter mw = w.child("idmap");
            idmap(mw, "uid", m.uids());
            idmap(mw, "gid", m.gids());
        });
        fs.source().ifPresent(s -> w.child("source").attr("dir", s.dir()).attr("socket", s.socket())
                .attr("dev", s.dev()).attr("file", s.file()).attr("name", s.name()).attr("pool", s.pool())
                .attr("volume", s.volume()).attr("usage", s.usage()).attr("units", s.units()));
        fs.targetDir().ifPresent(t -> w.child("target").attr("dir", t));
        w.flag("readonly", fs.readOnly());
        Values.size(w, "space_hard_limit", fs.spaceHardLimit());
        Values.size(w, "space_soft_limit", fs.spaceSoftLimit());
        fs.bootOrder().ifPresent(b -> w.child("boot").attr("order", b.toString()));
        fs.alias().ifPresent(a -> w.child("alias").attr("name", a));
        fs.address().ifPresent(a -> {
            ElementWriter aw = w.child("address");
            a.attributes().forEach(aw::attr);
        });
        return w;
    }

    private static void idmap(ElementWriter map, String name, List<IdMap.Entry> entries) {
        entries.forEach(e -> map.child(name).attr("start", Long.toString(e.start()))
                .attr("target", Long.toString(e.target())).attr("count", Long.toString(e.count())));
    }

    static MemoryBacking readMemoryBacking(ElementReader mb) {
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

    static ElementWriter writeMemoryBacking(MemoryBacking mb) {
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
