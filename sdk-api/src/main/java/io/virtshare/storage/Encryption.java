package io.virtshare.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * Encryption of a volume or pool target: {@code <encryption format='luks'><secret
 * type='passphrase' uuid='…'/><cipher …/><ivgen …/></encryption>}.
 *
 * <pre>{@code
 * Encryption.luks(SecretRef.uuid("e78d4b51-a2af-485f-b0f5-afca709a80f4"));
 * }</pre>
 *
 * @param format {@code default}, {@code qcow}, {@code luks} or {@code luks2}
 * @param engine {@code qemu} or {@code librbd}
 * @param secret the passphrase secret
 * @param cipher the cipher, for LUKS
 * @param ivgen the initialisation vector generator, for LUKS
 */
public record Encryption(Optional<String> format, Optional<String> engine, Optional<SecretRef> secret,
        Optional<Cipher> cipher, Optional<IvGen> ivgen) {
    /**
     * Checks for nulls.
     */
    public Encryption {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(ivgen, "ivgen");
    }

    /** LUKS encryption with the passphrase in {@code secret} (its type becomes {@code passphrase}). */
    public static Encryption luks(SecretRef secret) {
        return new Encryption(Optional.of("luks"), Optional.empty(), Optional.of(secret.withType("passphrase")),
                Optional.empty(), Optional.empty());
    }

    /**
     * A LUKS cipher: {@code <cipher name='serpent' size='256' mode='cbc' hash='sha256'/>}.
     *
     * <pre>{@code
     * new Encryption.Cipher(Optional.of("aes"), Optional.of(256), Optional.of("xts"), Optional.of("sha256"));
     * }</pre>
     *
     * @param name the cipher name
     * @param size the key size in bits
     * @param mode the cipher mode
     * @param hash the hash algorithm
     */
    public record Cipher(Optional<String> name, Optional<Integer> size, Optional<String> mode,
            Optional<String> hash) {
        /**
         * Checks for nulls.
         */
        public Cipher {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(hash, "hash");
        }
    }

    /**
     * A LUKS initialisation vector generator: {@code <ivgen name='plain64' hash='sha256'/>}.
     *
     * <pre>{@code
     * new Encryption.IvGen(Optional.of("plain64"), Optional.of("sha256"));
     * }</pre>
     *
     * @param name the generator name
     * @param hash the hash algorithm
     */
    public record IvGen(Optional<String> name, Optional<String> hash) {
        /**
         * Checks for nulls.
         */
        public IvGen {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(hash, "hash");
        }
    }
}
