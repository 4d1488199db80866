package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.storage.PoolInfo;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeInfo;
import io.virtshare.storage.Size;
import java.util.Locale;

/** Pools and volumes as JSON fields: sizes in bytes and in words ({@code 1.5 GiB}). */
final class StorageJson {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private StorageJson() {
    }

    static String state(PoolInfo info) {
        return info.state().name().toLowerCase(Locale.ROOT);
    }

    /** State and the sizes libvirt reports for a pool. */
    static void info(ObjectNode into, PoolInfo info) {
        into.put("state", state(info));
        size(into, "capacity", info.capacity());
        size(into, "allocation", info.allocation());
        size(into, "available", info.available());
    }

    /** Name, path, format and sizes of a volume. */
    static void volume(ObjectNode into, Volume volume) {
        VolumeInfo info = volume.info();
        into.put("volume", volume.name());
        into.put("path", volume.path().toString());
        into.put("type", info.type());
        volume.spec().target().flatMap(t -> t.format()).ifPresent(f -> into.put("format", f.type()));
        size(into, "capacity", info.capacity());
        size(into, "allocation", info.allocation());
    }

    /** {@code name} in words and {@code nameBytes} as a number. */
    static void size(ObjectNode into, String name, Size size) {
        into.put(name, words(size.bytes()));
        into.put(name + "Bytes", size.bytes());
    }

    /** {@code 1610612736} → {@code 1.5 GiB}; whole bytes below 1 KiB. */
    static String words(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }
}
