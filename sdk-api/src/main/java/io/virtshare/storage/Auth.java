package io.virtshare.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * Authentication of a pool source: {@code <auth type='chap|ceph' username='…'><secret
 * uuid='…'/></auth>} (iSCSI CHAP, Ceph cephx).
 *
 * <pre>{@code
 * Auth.ceph("admin", SecretRef.uuid("2ec115d7-3a88-3ceb-bc12-0ac909a6fd87"));
 * Auth.chap("initiator", SecretRef.usage("iscsi-chap"));
 * }</pre>
 *
 * @param type {@code chap} or {@code ceph}
 * @param username the user name
 * @param secret the libvirt secret holding the password or key
 */
public record Auth(Optional<String> type, Optional<String> username, Optional<SecretRef> secret) {
    /**
     * Checks for nulls.
     */
    public Auth {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    /** iSCSI CHAP authentication. */
    public static Auth chap(String username, SecretRef secret) {
        return new Auth(Optional.of("chap"), Optional.of(username), Optional.of(secret));
    }

    /** Ceph cephx authentication. */
    public static Auth ceph(String username, SecretRef secret) {
        return new Auth(Optional.of("ceph"), Optional.of(username), Optional.of(secret));
    }
}
