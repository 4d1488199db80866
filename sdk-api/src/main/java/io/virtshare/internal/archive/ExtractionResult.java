package io.virtshare.internal.archive;

/**
 * What one extraction wrote.
 *
 * @param format the detected format
 * @param files regular files written (hard links not counted)
 * @param directories directories created
 * @param symlinks symbolic links created
 * @param hardlinks hard links created
 * @param bytes bytes written
 */
public record ExtractionResult(ArchiveFormat format, long files, long directories, long symlinks, long hardlinks,
        long bytes) {
}
