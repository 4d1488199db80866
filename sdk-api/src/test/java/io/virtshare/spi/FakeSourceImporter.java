package io.virtshare.spi;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@link SourceImporter} for the {@code fake://} scheme, registered in the test
 * class path's {@code META-INF/services}: proves that the datastore finds importers with
 * ServiceLoader, records what they pin, and cleans up after their failures.
 * {@code fake://ok/NAME} writes one file; {@code fake://fail/…} writes then fails;
 * {@code fake://big/…} writes more than the context allows.
 */
public final class FakeSourceImporter implements SourceImporter {
    @Override
    public String scheme() {
        return "fake";
    }

    @Override
    public ImportOutcome importInto(String source, Path target, ImportContext context) {
        try {
            Files.writeString(target.resolve("README.md"), "from " + source);
            context.progress().progress(new Progress("download", "README.md", 1, 1, 1, 1));
            if (source.startsWith("fake://fail/")) {
                throw new DatastoreException("the fake server said no (" + source + ")");
            }
            if (source.startsWith("fake://big/") && context.maxBytes() < Long.MAX_VALUE) {
                throw new DatastoreException("would exceed " + context.limitName());
            }
            return new ImportOutcome(Optional.of("0123456789abcdef0123456789abcdef01234567"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
