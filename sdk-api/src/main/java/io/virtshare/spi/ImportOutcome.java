package io.virtshare.spi;

import io.virtshare.InvalidSpecException;
import java.util.List;
import java.util.Optional;

/**
 * What an import pinned and verified, recorded with the image.
 *
 * <pre>{@code
 * return new ImportOutcome(Optional.of(commitSha));
 * return new ImportOutcome(Optional.of(commitSha), verifiedFiles, bytesFromTheNetwork, bytesCopiedLocally);
 * }</pre>
 *
 * @param commit the revision the import resolved to, when the source has revisions
 * @param files the hash of every file the import verified (the datastore records them so that
 *        later imports can reuse these files); empty when the importer computed none
 * @param bytesDownloaded bytes the import fetched over the network
 * @param bytesReused bytes of files it took from other images of the datastore (or from a
 *        concurrent import of the same files) instead of downloading them
 */
public record ImportOutcome(Optional<String> commit, List<FileHash> files, long bytesDownloaded, long bytesReused) {
    public ImportOutcome {
        commit = commit == null ? Optional.empty() : commit;
        files = files == null ? List.of() : List.copyOf(files);
        if (bytesDownloaded < 0 || bytesReused < 0) {
            throw new InvalidSpecException("an import outcome counts bytes, which cannot be negative (downloaded "
                    + bytesDownloaded + ", reused " + bytesReused + "); report what was transferred");
        }
    }

    /** An outcome with a commit only: no file hashes, no transfer counted. */
    public ImportOutcome(Optional<String> commit) {
        this(commit, List.of(), 0, 0);
    }

    /** Nothing pinned, nothing hashed, nothing counted (a local copy). */
    public static ImportOutcome none() {
        return new ImportOutcome(Optional.empty());
    }
}
