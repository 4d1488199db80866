package io.virtshare.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * One field where a host's live pool or volume differs from what its {@link PoolDeclaration}
 * states, as {@link PoolReconcile} finds it: the XML path of the field and both values. Only
 * fields the declaration states count; what libvirt adds (UUID, sizes, default permissions,
 * a source format it fills in) is no drift.
 *
 * <pre>{@code
 * for (PoolDrift d : report.drift()) {
 *     System.out.println(d.pool() + d.volume().map(v -> "/" + v).orElse("") + " " + d.field()
 *             + ": wanted " + d.expected().orElse("(nothing)") + ", is " + d.actual().orElse("(nothing)"));
 * }
 * }</pre>
 *
 * @param pool the pool's name
 * @param volume the volume's name, when the drift is in a volume
 * @param field where in the XML, e.g. {@code /pool/target/path}, {@code /pool/source/host/@name},
 *     {@code /volume/capacity}
 * @param expected the declared value (empty: the declaration has no such element)
 * @param actual the live value (empty: the host has none)
 */
public record PoolDrift(String pool, Optional<String> volume, String field, Optional<String> expected,
        Optional<String> actual) {
    /** Checks for nulls. */
    public PoolDrift {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    /** The drift as one line: {@code pool images /pool/target/path: declared '/srv/a', live '/srv/b'}. */
    public String describe() {
        return (volume.isPresent() ? "volume " + volume.get() + " in pool " + pool : "pool " + pool) + " " + field
                + ": declared " + expected.map(v -> "'" + v + "'").orElse("nothing")
                + ", live " + actual.map(v -> "'" + v + "'").orElse("nothing");
    }
}
