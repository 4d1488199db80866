package io.virtshare.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * Files of the datastore's complete images whose recorded content matches a wanted file,
 * offered to an importer so that it copies them (reflink where the file system can)
 * instead of downloading them. What it returns are candidates: the importer verifies the
 * hash of the bytes it copied, as it would verify a download, and downloads the file when
 * a candidate was changed or damaged on disk.
 *
 * <pre>{@code
 * for (Path candidate : context.reusable().find(wanted)) {
 *     // copy candidate, hash the copy, keep it when the hash matches wanted
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ReusableContent {
    /**
     * Files recorded with the same algorithm, hash and size as {@code wanted} (its path is
     * not compared), best first; empty when there are none.
     */
    List<Path> find(FileHash wanted);

    /** Offers nothing. */
    static ReusableContent none() {
        return wanted -> List.of();
    }
}
