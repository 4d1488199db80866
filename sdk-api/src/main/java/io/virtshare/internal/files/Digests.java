package io.virtshare.internal.files;

import io.virtshare.internal.nativeio.CryptoDigest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * New SHA-256 and SHA-1 digests for long inputs (downloads, files): {@code libcrypto}'s where it
 * is installed ({@link CryptoDigest}: as fast under any JIT), else the JDK's. The system
 * property {@value #PROPERTY}{@code =jdk} chooses the JDK's always.
 *
 * <pre>{@code
 * Digests.prepare();              // as the work starts: libcrypto loads meanwhile
 * ...
 * MessageDigest sha = Digests.sha256();
 * }</pre>
 */
public final class Digests {
    /** The system property that chooses the JDK's digests ({@code jdk}) over {@code libcrypto}'s. */
    public static final String PROPERTY = "virtshare.digests";
    /** The name of the thread {@link #prepare()} starts. */
    public static final String LOADER = "virtshare-libcrypto-load";
    /** Whether {@link #prepare()} has started its thread in this JVM. */
    private static final AtomicBoolean PREPARED = new AtomicBoolean();

    private Digests() {
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        return crypto() ? CryptoDigest.sha256().orElseGet(() -> Jdk.fresh(Jdk.SHA256)) : Jdk.fresh(Jdk.SHA256);
    }

    /** A new SHA-1 digest. */
    public static MessageDigest sha1() {
        return crypto() ? CryptoDigest.sha1().orElseGet(() -> Jdk.fresh(Jdk.SHA1)) : Jdk.fresh(Jdk.SHA1);
    }

    /**
     * Starts loading {@code libcrypto} (and the native access it goes through) on a daemon
     * thread of its own, once per JVM, unless the JDK's digests are chosen. For work that hashes
     * after a wait of its own — a download lists its files first — so that the first digest does
     * not wait for the load: in a new JVM that load takes about 50 ms, during which every thread
     * asking for a digest waits. Failures are the first digest's to report, as without it.
     *
     * @return whether this call started the thread (named {@value #LOADER}); false when an
     *     earlier call did, or when the JDK's digests are chosen
     */
    public static boolean prepare() {
        if (!crypto() || !PREPARED.compareAndSet(false, true)) {
            return false;
        }
        Thread loader = new Thread(CryptoDigest::available, LOADER);
        loader.setDaemon(true);
        loader.start();
        return true;
    }

    /** Whether the digests made here are {@code libcrypto}'s. */
    public static boolean fromLibcrypto() {
        return crypto() && CryptoDigest.available();
    }

    private static boolean crypto() {
        return !"jdk".equals(System.getProperty(PROPERTY));
    }

    /**
     * The JDK's digests, copied from unused prototypes: an import of thousands of small files
     * makes a digest per file, and copying one costs less than looking the algorithm up among
     * the providers again.
     */
    private static final class Jdk {
        static final MessageDigest SHA256 = instance("SHA-256");
        static final MessageDigest SHA1 = instance("SHA-1");

        private static MessageDigest instance(String algorithm) {
            try {
                return MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A new digest like {@code prototype}, which is never updated (so copying it from several threads is safe). */
        static MessageDigest fresh(MessageDigest prototype) {
            try {
                return (MessageDigest) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return instance(prototype.getAlgorithm());
            }
        }
    }
}
