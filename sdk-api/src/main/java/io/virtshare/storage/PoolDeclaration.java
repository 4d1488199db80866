package io.virtshare.storage;

import io.virtshare.InvalidSpecException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A pool as it should be on every host {@link PoolReconcile} is given: its spec, the volumes it
 * should hold and, when stated, whether it starts with the host. Only what is stated counts:
 * fields the spec leaves out, volumes not listed and an unstated autostart are left as each
 * host has them.
 *
 * <pre>{@code
 * PoolDeclaration images = PoolDeclaration.of(PoolSpec.dir("images").target(Path.of("/srv/images")).build(),
 *         VolumeSpec.builder("base.qcow2").capacity(Size.gib(20)).target(VolumeTarget.of(FormatType.QCOW2)).build())
 *         .withAutostart(true);
 * }</pre>
 *
 * @param pool the pool's spec; it must have a name
 * @param volumes the volumes the pool should hold, each with a capacity, names unique
 * @param autostart whether the pool should start with the host; empty leaves it as it is
 */
public record PoolDeclaration(PoolSpec pool, List<VolumeSpec> volumes, Optional<Boolean> autostart) {
    /**
     * Checks that the pool has a name and the volumes unique names and what the pool's type
     * can create (a capacity, among others).
     *
     * @throws InvalidSpecException naming each problem and what to change
     */
    public PoolDeclaration {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(autostart, "autostart");
        volumes = List.copyOf(volumes);
        String name = pool.name().filter(n -> !n.isBlank()).orElseThrow(() -> new InvalidSpecException(
                "a declared pool needs a name, as reconciling finds it on each host by name; set name(\"images\")"
                        + " (in XML: <name>images</name>)"));
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (VolumeSpec volume : volumes) {
            if (!seen.add(volume.name())) {
                problems.add("volume " + volume.name() + " is declared twice in pool " + name + "; declare it once");
            }
            volume.problemsFor(pool.type()).forEach(p -> problems.add("volume " + volume.name() + " in pool "
                    + name + ": " + p));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    /** A pool with {@code volumes}, autostart left as each host has it. */
    public static PoolDeclaration of(PoolSpec pool, VolumeSpec... volumes) {
        return new PoolDeclaration(pool, List.of(volumes), Optional.empty());
    }

    /** This declaration with autostart stated. */
    public PoolDeclaration withAutostart(boolean on) {
        return new PoolDeclaration(pool, volumes, Optional.of(on));
    }

    /** The pool's name. */
    public String name() {
        return pool.name().orElseThrow();
    }
}
