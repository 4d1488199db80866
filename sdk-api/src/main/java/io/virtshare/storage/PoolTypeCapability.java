package io.virtshare.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a host's libvirt supports one pool type, and the source and volume formats it
 * takes there.
 *
 * <pre>{@code
 * vs.pools().capabilities().of(PoolType.FS)
 *         .ifPresent(fs -> System.out.println(fs.supported() + " " + fs.sourceFormats()));
 * }</pre>
 *
 * @param typeName the type as libvirt writes it, e.g. {@code fs}
 * @param supported whether this libvirt was built with the type's backend
 * @param defaultSourceFormat the source format used when none is given
 * @param sourceFormats the {@code <source><format type>} values accepted
 * @param defaultVolumeFormat the volume format used when none is given
 * @param volumeFormats the volume {@code <target><format type>} values accepted
 */
public record PoolTypeCapability(String typeName, boolean supported, Optional<String> defaultSourceFormat,
        List<String> sourceFormats, Optional<String> defaultVolumeFormat, List<String> volumeFormats) {
    /** Checks for nulls and copies the lists. */
    public PoolTypeCapability {
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(defaultSourceFormat, "defaultSourceFormat");
        Objects.requireNonNull(defaultVolumeFormat, "defaultVolumeFormat");
        sourceFormats = List.copyOf(sourceFormats);
        volumeFormats = List.copyOf(volumeFormats);
    }

    /** The type; {@link PoolType#UNKNOWN_TO_SDK_VERSION} for types newer than this SDK. */
    public PoolType type() {
        return PoolType.fromXml(typeName);
    }
}
