package io.virtshare.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The PCI address of the parent of a {@code scsi_host} adapter, a name that survives
 * reboots: {@code <parentaddr unique_id='5'><address domain bus slot function/></parentaddr>}.
 *
 * <pre>{@code
 * new ParentAddress(Optional.of(5L),
 *         Map.of("domain", "0x0000", "bus", "0x00", "slot", "0x1f", "function", "0x2"));
 * }</pre>
 *
 * @param uniqueId the adapter's {@code unique_id}
 * @param address the attributes of {@code <address>} as written
 */
public record ParentAddress(Optional<Long> uniqueId, Map<String, String> address) {
    /**
     * Copies the address, keeping its order.
     */
    public ParentAddress {
        Objects.requireNonNull(uniqueId, "uniqueId");
        address = Collections.unmodifiableMap(new LinkedHashMap<>(address));
    }
}
