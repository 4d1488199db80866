package io.virtshare.spi;

import java.util.Optional;

/**
 * What an import pinned, recorded with the image.
 *
 * <pre>{@code
 * return new ImportOutcome(Optional.of(commitSha));
 * }</pre>
 *
 * @param commit the revision the import resolved to, when the source has revisions
 */
public record ImportOutcome(Optional<String> commit) {
    public ImportOutcome {
        commit = commit == null ? Optional.empty() : commit;
    }
}
