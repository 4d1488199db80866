package io.virtshare.internal.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** Entries of a tar archive, plain or compressed, streamed. */
final class TarEntrySource implements EntrySource {
    private final TarArchiveInputStream tar;

    private TarEntrySource(TarArchiveInputStream tar) {
        this.tar = tar;
    }

    static TarEntrySource open(Path file, ArchiveFormat format) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            InputStream decompressed = switch (format) {
                case TAR -> raw;
                case TAR_GZIP -> GzipCompressorInputStream.builder().setInputStream(raw)
                        .setDecompressConcatenated(true).get();
                case TAR_XZ -> new XZCompressorInputStream(raw, true);
                case TAR_ZSTD -> new ZstdCompressorInputStream(raw);
                case TAR_BZIP2 -> new BZip2CompressorInputStream(raw, true);
                case ZIP -> throw new IllegalArgumentException("zip is not a tar format");
            };
            // names are UTF-8 whatever the locale says (PAX names are UTF-8 by definition)
            return new TarEntrySource(new TarArchiveInputStream(decompressed, "UTF-8"));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    @Override
    public ArchiveEntry next() throws IOException {
        TarArchiveEntry entry = tar.getNextEntry();
        if (entry == null) {
            return null;
        }
        EntryKind kind;
        if (entry.isSymbolicLink()) {
            kind = EntryKind.SYMLINK;
        } else if (entry.isLink()) {
            kind = EntryKind.HARDLINK;
        } else if (entry.isDirectory()) {
            kind = EntryKind.DIRECTORY;
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            kind = EntryKind.DEVICE;
        } else if (entry.isFIFO()) {
            kind = EntryKind.FIFO;
        } else if (entry.isFile() && !entry.isSparse()) {
            kind = EntryKind.FILE;
        } else {
            kind = EntryKind.OTHER;
        }
        String link = kind == EntryKind.SYMLINK || kind == EntryKind.HARDLINK ? entry.getLinkName() : null;
        return new ArchiveEntry(entry.getName(), kind, entry.getMode() & 07777, link,
                entry.getLastModifiedTime());
    }

    @Override
    public InputStream content() {
        return tar;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
