package io.virtshare.testkit.guest;

import io.virtshare.InvalidSpecException;
import java.util.regex.Pattern;

/**
 * A file's size and SHA-256, as one side (the guest or the host) read it.
 *
 * <pre>{@code
 * FileDigest empty = new FileDigest(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
 * }</pre>
 *
 * @param size the size in bytes
 * @param sha256 the SHA-256 of the content, 64 lower-case hex digits
 */
public record FileDigest(long size, String sha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public FileDigest {
        if (size < 0) {
            throw new InvalidSpecException("a file size cannot be negative (" + size + "); give 0 or more bytes");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new InvalidSpecException("'" + sha256 + "' is not a SHA-256; give 64 lower-case hex digits");
        }
    }
}
