package io.virtshare.internal.xml;

import io.virtshare.storage.BackingStore;
import io.virtshare.storage.VolumeDevice;
import io.virtshare.storage.VolumeSource;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import java.util.Optional;

/** Reads and writes {@code <volume>}. */
final class VolumeXml {
    private VolumeXml() {
    }

    static VolumeSpec read(ElementReader volume) {
        Optional<String> type = volume.attr("type");
        String name = volume.childText("name").orElseThrow(() -> volume.error(
                "<volume> has no <name>; give the volume a name"));
        Optional<String> key = volume.childText("key");
        Optional<VolumeSource> source = volume.present("source").map(s -> new VolumeSource(
                s.used().children("device").stream().map(d -> new VolumeDevice(
                        d.requiredAttr("path", "give the device path"), StorageXml.extents(d, "extent"))).toList()));
        var capacity = volume.child("capacity").map(Values::size);
        var allocation = volume.child("allocation").map(Values::size);
        var physical = volume.child("physical").map(Values::size);
        Optional<VolumeTarget> target = volume.present("target").map(VolumeXml::target);
        Optional<BackingStore> backing = volume.present("backingStore").map(b -> new BackingStore(
                b.childText("path"), StorageXml.format(b), StorageXml.permissions(b), StorageXml.timestamps(b),
                b.extras()));
        return new VolumeSpec(type, name, key, capacity, allocation, physical, source, target, backing,
                volume.extras());
    }

    private static VolumeTarget target(ElementReader t) {
        var path = t.childText("path");
        var format = StorageXml.format(t);
        var permissions = StorageXml.permissions(t);
        var timestamps = StorageXml.timestamps(t);
        var encryption = StorageXml.encryption(t);
        var compat = t.childText("compat");
        var clusterSize = t.child("clusterSize").map(Values::size);
        boolean nocow = t.flag("nocow");
        Optional<ElementReader> features = t.child("features");
        boolean lazy = features.map(f -> f.flag("lazy_refcounts")).orElse(false);
        boolean extendedL2 = features.map(f -> f.flag("extended_l2")).orElse(false);
        return new VolumeTarget(path, format, permissions, timestamps, encryption, compat, clusterSize, nocow, lazy,
                extendedL2, t.extras());
    }

    static String write(VolumeSpec volume) {
        ElementWriter w = ElementWriter.root("volume", ExtraXml.of(volume.extras()));
        w.attr("type", volume.type());
        w.textChild("name", Optional.of(volume.name()));
        w.textChild("key", volume.key());
        volume.source().ifPresent(s -> {
            ElementWriter sw = w.child("source");
            s.devices().forEach(d -> StorageXml.extents(sw.child("device").attr("path", d.path()), "extent",
                    d.extents()));
        });
        Values.size(w, "capacity", volume.capacity());
        Values.size(w, "allocation", volume.allocation());
        Values.size(w, "physical", volume.physical());
        volume.target().ifPresent(t -> {
            ElementWriter tw = w.child("target", ExtraXml.of(t.extras()));
            StorageXml.pathFormatPermissions(tw, t.path(), t.format(), t.permissions(), t.timestamps());
            StorageXml.encryption(tw, t.encryption());
            tw.textChild("compat", t.compat());
            Values.size(tw, "clusterSize", t.clusterSize());
            tw.flag("nocow", t.nocow());
            if (t.lazyRefcounts() || t.extendedL2()) {
                ElementWriter f = tw.child("features");
                f.flag("lazy_refcounts", t.lazyRefcounts());
                f.flag("extended_l2", t.extendedL2());
            }
        });
        volume.backingStore().ifPresent(b -> {
            ElementWriter bw = w.child("backingStore", ExtraXml.of(b.extras()));
            StorageXml.pathFormatPermissions(bw, b.path(), b.format(), b.permissions(), b.timestamps());
        });
        return w.print();
    }
}
