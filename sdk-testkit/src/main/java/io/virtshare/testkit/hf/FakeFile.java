package io.virtshare.testkit.hf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One file of a fake repository, with the hashes the Hub reports for it.
 *
 * @param path the repository path
 * @param content its bytes
 * @param gitOid the git blob sha1 of what git stores (the pointer file for LFS files)
 * @param lfsOid the sha256 of the content, for LFS and Xet files
 * @param xetHash the Xet content hash, for Xet-backed files (64 hex digits; derived from the sha256 here, as
 *     clients cannot check it over HTTP anyway)
 */
record FakeFile(String path, FileContent content, String gitOid, Optional<String> lfsOid, Optional<String> xetHash) {
    private static final int CHUNK = 1 << 20;

    static FakeFile regular(String path, FileContent content) {
        return new FakeFile(path, content, blobSha1(content), Optional.empty(), Optional.empty());
    }

    static FakeFile lfs(String path, FileContent content) {
        String sha256 = hex(digest("SHA-256", content, null));
        String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256 + "\nsize "
                + content.size() + "\n";
        return new FakeFile(path, content, blobSha1(new FileContent.Bytes(pointer.getBytes(StandardCharsets.UTF_8))),
                Optional.of(sha256), Optional.empty());
    }

    /** A Xet-backed file: an LFS pointer in git (same {@code lfs} fields) plus its Xet hash. */
    static FakeFile xet(String path, FileContent content) {
        FakeFile lfs = lfs(path, content);
        byte[] seed = ("xet:" + lfs.lfsOid().orElseThrow()).getBytes(StandardCharsets.US_ASCII);
        String xet = hex(digest("SHA-256", new FileContent.Bytes(seed), null));
        return new FakeFile(path, content, lfs.gitOid(), lfs.lfsOid(), Optional.of(xet));
    }

    long size() {
        return content.size();
    }

    boolean isLfs() {
        return lfsOid.isPresent();
    }

    boolean isXet() {
        return xetHash.isPresent();
    }

    private static String blobSha1(FileContent content) {
        byte[] header = ("blob " + content.size() + "\0").getBytes(StandardCharsets.US_ASCII);
        return hex(digest("SHA-1", content, header));
    }

    private static byte[] digest(String algorithm, FileContent content, byte[] header) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            if (header != null) {
                md.update(header);
            }
            byte[] buf = new byte[CHUNK];
            for (long off = 0; off < content.size(); off += CHUNK) {
                int n = (int) Math.min(CHUNK, content.size() - off);
                content.read(off, buf, n);
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
