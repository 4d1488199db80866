package io.virtshare.spi;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import java.util.Objects;

/**
 * What a {@link SourceImporter} must respect while importing.
 *
 * <pre>{@code
 * ImportContext context = new ImportContext(1L << 30, "LIMIT_MB", ProgressListener.NONE, Cancellation.none());
 * }</pre>
 *
 * @param maxBytes the most bytes the import may write
 * @param limitName what sets {@code maxBytes}, for messages
 * @param progress where to report progress
 * @param cancellation checked between steps
 */
public record ImportContext(long maxBytes, String limitName, ProgressListener progress, Cancellation cancellation) {
    public ImportContext {
        Objects.requireNonNull(limitName, "limitName");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }
}
