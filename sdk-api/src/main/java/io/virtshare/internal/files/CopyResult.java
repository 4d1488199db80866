package io.virtshare.internal.files;

/**
 * What a tree copy did.
 *
 * @param files regular files copied (hard links not counted)
 * @param bytes bytes of those files
 * @param reflinked files cloned by reflink instead of copied
 * @param hardlinks hard links recreated inside the copy
 * @param symlinks symbolic links recreated (never followed)
 * @param directories directories created
 */
public record CopyResult(long files, long bytes, long reflinked, long hardlinks, long symlinks, long directories) {
}
