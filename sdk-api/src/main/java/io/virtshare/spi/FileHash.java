package io.virtshare.spi;

import io.virtshare.InvalidSpecException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The content of one file of an image: its path in the image, its size and a hash of its
 * bytes, as an importer verified them (the Hugging Face Hub lists sha256 for LFS and Xet
 * files and the git blob sha1 for the others). A datastore records them with the image so
 * that later imports can take identical files from it instead of downloading them.
 *
 * <pre>{@code
 * FileHash weights = new FileHash("model.safetensors", 548105171, FileHash.Algorithm.SHA256,
 *         "248dfc3911869ec493c76e65bf2fcf7f615828b0254c12b473182f0f81d3a707");
 * weights.sameContent(other);   // same algorithm, hash and size, whatever the path
 * }</pre>
 *
 * @param path the file's path relative to the image root, {@code /}-separated
 * @param size its size in bytes
 * @param algorithm how {@code hex} was computed
 * @param hex the hash, lower-case hex
 */
public record FileHash(String path, long size, Algorithm algorithm, String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final int MAX_PATH = 4096;

    /** How a file's hash is computed. */
    public enum Algorithm {
        /** sha256 of the bytes (the Hub's LFS and Xet files): 64 hex digits. */
        SHA256(64),
        /** git's blob sha1, of {@code "blob <size>\0"} and the bytes (the Hub's regular files): 40 hex digits. */
        GIT_BLOB_SHA1(40);

        private final int hexLength;

        Algorithm(int hexLength) {
            this.hexLength = hexLength;
        }

        /** The number of hex digits of a hash. */
        public int hexLength() {
            return hexLength;
        }
    }

    public FileHash {
        if (path == null || !validPath(path)) {
            throw new InvalidSpecException("file hash path '" + printable(path) + "' is not a relative path inside"
                    + " an image; give at most 4096 characters in segments separated by '/', without '.', '..', empty"
                    + " segments or NUL");
        }
        if (size < 0) {
            throw new InvalidSpecException("file hash size of '" + path + "' is negative (" + size + "); give the"
                    + " file's size in bytes");
        }
        Objects.requireNonNull(algorithm, "algorithm");
        if (hex == null || hex.length() != algorithm.hexLength() || !HEX.matcher(hex).matches()) {
            throw new InvalidSpecException("file hash of '" + path + "' is not " + algorithm.hexLength()
                    + " lower-case hex digits for " + algorithm + "; give the hash as the Hub lists it");
        }
    }

    /** Whether {@code other} has the same content: algorithm, hash and size (paths may differ). */
    public boolean sameContent(FileHash other) {
        return algorithm == other.algorithm && size == other.size && hex.equals(other.hex);
    }

    /** A key naming the content alone: {@code <hex>-<size>}. */
    public String contentKey() {
        return hex + "-" + size;
    }

    private static boolean validPath(String path) {
        if (path.isEmpty() || path.length() > MAX_PATH || path.startsWith("/")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        return s == null ? "null" : s.replaceAll("\\p{Cntrl}", "?");
    }
}
