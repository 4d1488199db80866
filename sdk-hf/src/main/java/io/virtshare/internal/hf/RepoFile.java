package io.virtshare.internal.hf;

import java.util.Objects;
import java.util.Optional;

/**
 * A file of the tree listing: its repository path, size, git blob sha1 and, for LFS
 * and Xet-backed files, the sha256 of the content; Xet-backed files also carry their
 * Xet hash (the bytes still come over plain HTTP from the bridge the Hub redirects to).
 */
public record RepoFile(String path, long size, String gitOid, Optional<String> lfsOid, Optional<String> xetHash) {
    public RepoFile {
        Objects.requireNonNull(lfsOid, "lfsOid");
        Objects.requireNonNull(xetHash, "xetHash");
    }

    /** A file without Xet backing. */
    public RepoFile(String path, long size, String gitOid, Optional<String> lfsOid) {
        this(path, size, gitOid, lfsOid, Optional.empty());
    }

    public boolean isLfs() {
        return lfsOid.isPresent();
    }

    public boolean isXet() {
        return xetHash.isPresent();
    }

    /** The hash the content must have: sha256 for LFS and Xet files, git blob sha1 otherwise. */
    public String expectedHash() {
        return lfsOid.orElse(gitOid);
    }
}
