package io.virtshare.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The guest address of a device, {@code <address type='pci' domain bus slot function/>}
 * (or ccw, …), with its attributes as written.
 *
 * <pre>{@code
 * DeviceAddress.of(Map.of("type", "pci", "bus", "0x00", "slot", "0x02"));
 * }</pre>
 *
 * @param attributes the attributes of {@code <address>}, type included
 */
public record DeviceAddress(Map<String, String> attributes) {
    /**
     * Copies the attributes, keeping their order.
     */
    public DeviceAddress {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** An address with these attributes. */
    public static DeviceAddress of(Map<String, String> attributes) {
        return new DeviceAddress(attributes);
    }

    /** The address type: pci, ccw, … */
    public Optional<String> type() {
        return Optional.ofNullable(attributes.get("type"));
    }
}
