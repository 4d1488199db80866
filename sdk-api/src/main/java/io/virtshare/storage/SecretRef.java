package io.virtshare.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * A reference to a libvirt secret, by UUID or by usage: {@code <secret uuid='…'/>} in
 * pool authentication, {@code <secret type='passphrase' usage='…'/>} in encryption.
 *
 * <pre>{@code
 * SecretRef.uuid("2ec115d7-3a88-3ceb-bc12-0ac909a6fd87");
 * SecretRef.usage("my-ceph-key");
 * }</pre>
 *
 * @param type the secret type ({@code passphrase} in encryption), when written
 * @param uuid the secret's UUID
 * @param usage the secret's usage name
 */
public record SecretRef(Optional<String> type, Optional<String> uuid, Optional<String> usage) {
    /**
     * Checks for nulls.
     */
    public SecretRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(usage, "usage");
    }

    /** The secret with this UUID. */
    public static SecretRef uuid(String uuid) {
        return new SecretRef(Optional.empty(), Optional.of(uuid), Optional.empty());
    }

    /** The secret with this usage name. */
    public static SecretRef usage(String usage) {
        return new SecretRef(Optional.empty(), Optional.empty(), Optional.of(usage));
    }

    /** The same reference with {@code type='…'} (encryption secrets use {@code passphrase}). */
    public SecretRef withType(String type) {
        return new SecretRef(Optional.of(type), uuid, usage);
    }
}
