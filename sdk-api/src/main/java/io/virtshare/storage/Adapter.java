package io.virtshare.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * The host adapter of a scsi pool: {@code <adapter type='scsi_host' name='host0'/>} or a
 * Fibre Channel vHBA {@code <adapter type='fc_host' parent='scsi_host5' wwnn='…' wwpn='…'/>}.
 *
 * <pre>{@code
 * Adapter.scsiHost("host0");
 * Adapter.fcHost("20000000c9831b4b", "10000000c9831b4b");
 * }</pre>
 *
 * @param type {@code scsi_host} or {@code fc_host}
 * @param name the SCSI host name
 * @param parent the parent HBA of a vHBA
 * @param managed whether libvirt creates and removes the vHBA
 * @param wwnn the vHBA's world wide node name
 * @param wwpn the vHBA's world wide port name
 * @param parentWwnn the parent's world wide node name
 * @param parentWwpn the parent's world wide port name
 * @param parentFabricWwn the parent's fabric name
 * @param parentAddress the PCI address of a scsi_host's parent
 */
public record Adapter(Optional<String> type, Optional<String> name, Optional<String> parent,
        Optional<Boolean> managed, Optional<String> wwnn, Optional<String> wwpn, Optional<String> parentWwnn,
        Optional<String> parentWwpn, Optional<String> parentFabricWwn, Optional<ParentAddress> parentAddress) {
    /**
     * Checks for nulls.
     */
    public Adapter {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(managed, "managed");
        Objects.requireNonNull(wwnn, "wwnn");
        Objects.requireNonNull(wwpn, "wwpn");
        Objects.requireNonNull(parentWwnn, "parentWwnn");
        Objects.requireNonNull(parentWwpn, "parentWwpn");
        Objects.requireNonNull(parentFabricWwn, "parentFabricWwn");
        Objects.requireNonNull(parentAddress, "parentAddress");
    }

    /** A SCSI host adapter by name, e.g. {@code host0}. */
    public static Adapter scsiHost(String name) {
        return new Adapter(Optional.of("scsi_host"), Optional.of(name), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** A Fibre Channel vHBA with these names. */
    public static Adapter fcHost(String wwnn, String wwpn) {
        return new Adapter(Optional.of("fc_host"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(wwnn), Optional.of(wwpn), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** The same adapter with a parent HBA. */
    public Adapter withParent(String parent) {
        return new Adapter(type, name, Optional.of(parent), managed, wwnn, wwpn, parentWwnn, parentWwpn,
                parentFabricWwn, parentAddress);
    }
}
