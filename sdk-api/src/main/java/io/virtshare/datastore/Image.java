package io.virtshare.datastore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One image of a datastore: a directory tree with its catalog entry.
 *
 * <pre>{@code
 * Image llama = ds.images().register("/var/tmp/models/llama");
 * System.out.println(llama.id() + " " + llama.state() + " " + llama.path() + " " + llama.apparentBytes());
 * }</pre>
 *
 * @param id the image's number in its datastore, never reused
 * @param name its name, unique in the datastore
 * @param state where it is in its life
 * @param path the directory holding it ({@code BASE_PATH/<id>} for SharedFS, the registered
 *     directory for VirtioFS)
 * @param source what it was registered from (a path or an {@code hf://} URI)
 * @param apparentBytes bytes of its files
 * @param allocatedBytes bytes allocated on disk
 * @param files number of regular files
 * @param commit for {@code hf://} imports, the commit the import was pinned to
 * @param error for {@link ImageState#ERROR}, what went wrong
 * @param created when it was registered
 */
public record Image(int id, String name, ImageState state, Path path, String source, long apparentBytes,
        long allocatedBytes, long files, Optional<String> commit, Optional<String> error, Instant created) {

    public Image {
        if (id < 0) {
            throw new IllegalArgumentException("image id must not be negative: " + id);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(created, "created");
    }

    /** The size in MB, rounded up, as OpenNebula's {@code stat} reports it. */
    public long sizeMb() {
        return (apparentBytes + (1 << 20) - 1) >> 20;
    }
}
