package io.virtshare.spi;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SourceImporter} for the {@code fake://} scheme, registered in the test
 * class path's {@code META-INF/services}: proves that the datastore finds importers with
 * ServiceLoader, records what they pin, and cleans up after their failures.
 * {@code fake://ok/NAME} writes one file; {@code fake://fail/…} writes then fails;
 * {@code fake://big/…} writes more than the context allows; {@code fake://greedy/…} writes
 * two files of 3 MiB whatever the context allows, and lists their hashes.
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
            if (source.startsWith("fake://greedy/")) {
                byte[] three = new byte[3 << 20];
                List<FileHash> files = new ArrayList<>();
                for (String name : List.of("a.bin", "b.bin")) {
                    Files.write(target.resolve(name), three);
                    files.add(new FileHash(name, three.length, FileHash.Algorithm.SHA256, Sha.hex(three)));
                }
                return new ImportOutcome(Optional.of("0123456789abcdef0123456789abcdef01234567"), files, 2L * three.length,
                        0);
            }
            return new ImportOutcome(Optional.of("0123456789abcdef0123456789abcdef01234567"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** sha256 in hex. */
    private static final class Sha {
        static String hex(byte[] data) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
