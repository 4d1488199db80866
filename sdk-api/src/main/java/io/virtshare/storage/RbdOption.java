package io.virtshare.storage;

import java.util.Objects;

/**
 * A Ceph client option of an rbd pool, written in libvirt's rbd namespace:
 * {@code <rbd:config_opts><rbd:option name='…' value='…'/></rbd:config_opts>}.
 *
 * <pre>{@code
 * PoolSpec.rbd("ceph").sourceName("rbd").host("mon1")
 *         .rbdOption("client_mount_timeout", "45").build();
 * }</pre>
 *
 * @param name the Ceph option name
 * @param value its value
 */
public record RbdOption(String name, String value) {
    /**
     * Checks for nulls.
     */
    public RbdOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
