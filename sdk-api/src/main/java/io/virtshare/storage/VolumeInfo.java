package io.virtshare.storage;

import java.util.Objects;

/**
 * What libvirt reports about a volume.
 *
 * <pre>{@code
 * VolumeInfo info = volume.info();
 * System.out.println(info.type() + " " + info.allocation() + " of " + info.capacity());
 * }</pre>
 *
 * @param name the volume name
 * @param key the key, unique on the host
 * @param path the path to give a domain's disk
 * @param type the volume type: {@code file}, {@code block}, {@code dir}, {@code network}, {@code netdir}
 * @param capacity the logical size
 * @param allocation the space the volume takes
 */
public record VolumeInfo(String name, String key, String path, String type, Size capacity, Size allocation) {
    /** Checks for nulls. */
    public VolumeInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(allocation, "allocation");
    }
}
