package io.virtshare.internal.storage;

import io.virtshare.InvalidSpecException;
import io.virtshare.storage.PoolSpec;
import io.virtshare.xml.XmlCodec;
import java.util.Objects;

/**
 * Whether a pool spec may be sent to a live libvirt, and the XML to send: what the libvirt
 * backend defines and what {@link io.virtshare.storage.PoolRollout} checks once for all hosts.
 */
public final class DefinablePool {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    private DefinablePool() {
    }

    /**
     * The XML to send for {@code spec}, after checking it can be sent.
     *
     * @throws InvalidSpecException when the spec lacks what its type needs, its type is not one
     *     libvirt knows, or it is a sheepdog pool
     */
    public static String xml(PoolSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.type().removedFromLibvirt()) {
            throw new InvalidSpecException("pool " + spec.name().orElse("(unnamed)") + " is a sheepdog pool, a type"
                    + " removed from libvirt (8.8): this SDK reads such XML but does not send it to a live host;"
                    + " move the volumes to an rbd or gluster pool");
        }
        spec.validate();
        return CODEC.writePool(spec);
    }
}
