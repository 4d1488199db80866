package io.virtshare.testkit;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Tells whether a directory's file system can clone files by reflink (copy-on-write),
 * by trying it: a small file is cloned with {@code cp --reflink=always} and removed.
 *
 * <pre>{@code
 * boolean fast = ReflinkProbe.probe(Path.of("/var/lib/virtshare")).supported();
 * }</pre>
 */
public final class ReflinkProbe {
    private ReflinkProbe() {
    }

    /**
     * What the probe found for one directory.
     *
     * @param directory the directory probed
     * @param supported whether a reflink clone succeeded there
     * @param detail what happened, in words
     */
    public record Result(Path directory, boolean supported, String detail) {
    }

    /** Probes {@code directory}; never throws, leaves nothing behind. */
    public static Result probe(Path directory) {
        if (!Files.isDirectory(directory)) {
            return new Result(directory, false, directory + " is not a directory");
        }
        Path source = null;
        Path clone = null;
        try {
            source = Files.createTempFile(directory, ".virtshare-reflink", ".src");
            Files.write(source, new byte[8192]);
            clone = source.resolveSibling(source.getFileName() + ".clone");
            CommandResult cp = CommandRunner.run(Duration.ofSeconds(10),
                    List.of("cp", "--reflink=always", source.toString(), clone.toString()));
            if (cp.succeeded()) {
                return new Result(directory, true, "reflink clones work in " + directory);
            }
            return new Result(directory, false, "no reflink in " + directory + " (" + cp.output().lines().findFirst()
                    .orElse("cp failed") + "): clones fall back to copy_file_range or a parallel copy");
        } catch (IOException e) {
            return new Result(directory, false, "cannot write a probe file in " + directory + ": " + e.getMessage());
        } finally {
            deleteQuietly(clone);
            deleteQuietly(source);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
