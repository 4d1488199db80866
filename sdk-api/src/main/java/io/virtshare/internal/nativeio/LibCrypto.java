package io.virtshare.internal.nativeio;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The message digest functions of OpenSSL's {@code libcrypto} (3.x, else 1.1), direct-mapped:
 * what {@link CryptoDigest} calls. Loaded on first use; {@link #available()} is false where the
 * library or one of its functions is missing, and callers then hash with the JDK.
 */
final class LibCrypto {
    /** The library's names, newest first: its ABI from 1.1 on has every function below. */
    private static final String[] NAMES = {"libcrypto.so.3", "libcrypto.so.1.1"};
    private static final boolean AVAILABLE = load();

    private LibCrypto() {
    }

    private static boolean load() {
        if (!Platform.isLinux()) {
            return false;
        }
        for (String name : NAMES) {
            try {
                Native.register(LibCrypto.class, NativeLibrary.getInstance(name));
                return EVP_sha256() != null && EVP_sha1() != null;
            } catch (LinkageError | RuntimeException e) {
                // not installed under this name, or without one of the functions: try the next
            }
        }
        return false;
    }

    /** Whether the functions can be called. */
    static boolean available() {
        return AVAILABLE;
    }

    static native Pointer EVP_sha256();

    static native Pointer EVP_sha1();

    static native Pointer EVP_MD_CTX_new();

    static native void EVP_MD_CTX_free(Pointer context);

    static native int EVP_DigestInit_ex(Pointer context, Pointer type, Pointer engine);

    static native int EVP_DigestUpdate(Pointer context, Pointer data, long count);

    static native int EVP_DigestFinal_ex(Pointer context, byte[] digest, Pointer length);
}
