package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * 9p options.
 *
 * <pre>{@code
 * NinePOptions o = NinePOptions.defaults().withMsize(1 << 20);
 * }</pre>
 *
 * @param securityModel QEMU's {@code security_model}: {@code mapped-xattr} (default),
 *     {@code mapped-file}, {@code passthrough} or {@code none}
 * @param msize the 9p message size in bytes (default 512 KiB, measured fastest here)
 * @param multidevs QEMU's {@code multidevs} ({@code remap}, {@code forbid}, {@code warn}), when set
 */
public record NinePOptions(String securityModel, int msize, Optional<String> multidevs) implements ShareOptions {
    static final Set<String> MODELS = Set.of("mapped-xattr", "mapped-file", "passthrough", "none");

    public NinePOptions {
        Objects.requireNonNull(securityModel, "securityModel");
        Objects.requireNonNull(multidevs, "multidevs");
        if (!MODELS.contains(securityModel)) {
            throw new InvalidSpecException("9p security model '" + securityModel + "' is unknown; use mapped-xattr,"
                    + " mapped-file, passthrough or none");
        }
        if (msize < 4096) {
            throw new InvalidSpecException("9p msize " + msize + " is too small; use at least 4096, e.g. 524288");
        }
        if (multidevs.isPresent() && !Set.of("remap", "forbid", "warn").contains(multidevs.get())) {
            throw new InvalidSpecException("9p multidevs '" + multidevs.get() + "' is unknown; use remap, forbid or"
                    + " warn");
        }
    }

    /** mapped-xattr, msize 512 KiB, QEMU's multidevs default. */
    public static NinePOptions defaults() {
        return new NinePOptions("mapped-xattr", 512 * 1024, Optional.empty());
    }

    /** These options with another security model. */
    public NinePOptions withSecurityModel(String model) {
        return new NinePOptions(model, msize, multidevs);
    }

    /** These options with another msize. */
    public NinePOptions withMsize(int bytes) {
        return new NinePOptions(securityModel, bytes, multidevs);
    }

    /** These options with a multidevs policy. */
    public NinePOptions withMultidevs(String policy) {
        return new NinePOptions(securityModel, msize, Optional.of(policy));
    }

    /** The libvirt {@code accessmode} matching the security model. */
    public String accessMode() {
        return switch (securityModel) {
            case "passthrough" -> "passthrough";
            case "none" -> "squash";
            default -> "mapped";
        };
    }
}
