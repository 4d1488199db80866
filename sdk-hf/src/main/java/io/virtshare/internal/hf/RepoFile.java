package io.virtshare.internal.hf;

import java.util.Optional;

/**
 * A file of the tree listing: its repository path, size, git blob sha1 and, for LFS
 * files, the sha256 of the content.
 */
public record RepoFile(String path, long size, String gitOid, Optional<String> lfsOid) {
    public boolean isLfs() {
        return lfsOid.isPresent();
    }

    /** The hash the content must have: sha256 for LFS files, git blob sha1 otherwise. */
    public String expectedHash() {
        return lfsOid.orElse(gitOid);
    }
}
