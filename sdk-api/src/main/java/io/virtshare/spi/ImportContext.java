package io.virtshare.spi;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SourceImporter} must respect while importing, and what the datastore offers it.
 *
 * <pre>{@code
 * ImportContext context = new ImportContext(1L << 30, "LIMIT_MB", ProgressListener.NONE, Cancellation.none());
 * }</pre>
 *
 * @param maxBytes the most bytes the import may write
 * @param limitName what sets {@code maxBytes}, for messages
 * @param progress where to report progress
 * @param cancellation checked between steps
 * @param resumeArea a directory that outlives a failed or interrupted import (the target does
 *        not), where an importer may keep verified partial downloads to continue from on the
 *        next attempt; the importer removes what it used once it succeeds. It lies in the
 *        datastore's catalog, so every process and host importing into the datastore sees
 *        it: importers coordinate their downloads there. Empty when the caller offers none.
 * @param reusable files of the datastore's complete images that an importer may copy instead
 *        of downloading, after verifying the copy
 */
public record ImportContext(long maxBytes, String limitName, ProgressListener progress, Cancellation cancellation,
        Optional<Path> resumeArea, ReusableContent reusable) {
    public ImportContext {
        Objects.requireNonNull(limitName, "limitName");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
        resumeArea = resumeArea == null ? Optional.empty() : resumeArea;
        reusable = reusable == null ? ReusableContent.none() : reusable;
    }

    /** A context that offers no files to reuse. */
    public ImportContext(long maxBytes, String limitName, ProgressListener progress, Cancellation cancellation,
            Optional<Path> resumeArea) {
        this(maxBytes, limitName, progress, cancellation, resumeArea, ReusableContent.none());
    }

    /** A context without a resume area. */
    public ImportContext(long maxBytes, String limitName, ProgressListener progress, Cancellation cancellation) {
        this(maxBytes, limitName, progress, cancellation, Optional.empty(), ReusableContent.none());
    }

    /** This context offering {@code value} to reuse. */
    public ImportContext withReusable(ReusableContent value) {
        return new ImportContext(maxBytes, limitName, progress, cancellation, resumeArea, value);
    }
}
