package io.virtshare.storage;

import java.util.List;
import java.util.Optional;

/**
 * The volumes of one {@link Pool}: create, clone, find and list them.
 *
 * <pre>{@code
 * Volumes volumes = vs.pools().get("images").volumes();
 * Volume base = volumes.create(VolumeSpec.builder("base.qcow2").capacity(Size.gib(20)).build());
 * Volume copy = volumes.clone(base, "vm1.qcow2");
 * }</pre>
 */
public interface Volumes {
    /**
     * Creates a volume from {@code spec}.
     *
     * @throws io.virtshare.InvalidSpecException when the spec is incomplete
     * @throws io.virtshare.BackendException when the target refuses
     */
    Volume create(VolumeSpec spec);

    /** Creates {@code name} as a copy of {@code source} (same format). */
    Volume clone(Volume source, String name);

    /** Creates a volume from {@code spec} holding a copy of {@code source}'s data. */
    Volume clone(Volume source, VolumeSpec spec);

    /** The volume called {@code name}, if the pool has one. */
    Optional<Volume> find(String name);

    /**
     * The volume called {@code name}.
     *
     * @throws io.virtshare.BackendException with {@link io.virtshare.BackendFailure#NOT_FOUND}
     *     when the pool has none
     */
    Volume get(String name);

    /** The pool's volumes, sorted by name. */
    List<Volume> list();
}
