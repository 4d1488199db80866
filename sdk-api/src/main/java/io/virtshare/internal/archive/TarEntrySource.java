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
            return new TarEntrySource(new PaddingSkippingTarStream(decompressed));
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

    /**
     * A tar stream that finishes an entry read to its end by reading its record padding into one
     * buffer of its own. Commons Compress finishes every entry by skipping what is left of it
     * through Commons IO, which allocates a new 8 KiB buffer for each skip even when nothing is
     * left: 160 MiB of garbage for an archive of 20,000 small files, and most of the collections
     * its import made. A directory is finished as the library finishes it (nothing read, no
     * padding skipped); anything else (a sparse entry, data left unread, the end of the archive)
     * goes the library's way.
     */
    static class PaddingSkippingTarStream extends TarArchiveInputStream {
        private final byte[] padding;

        PaddingSkippingTarStream(InputStream in) {
            super(in, "UTF-8");   // names are UTF-8 whatever the locale says (PAX names are UTF-8 by definition)
            padding = new byte[getRecordSize()];
        }

        @Override
        public TarArchiveEntry getNextEntry() throws IOException {
            TarArchiveEntry current = getCurrentEntry();
            if (current != null && !isAtEOF() && !current.isSparse()) {
                if (current.isDirectory()) {
                    setCurrentEntry(null);   // the library reads nothing of a directory and skips no padding after it
                } else if (available() == 0) {
                    skipPadding(current.getSize());
                    setCurrentEntry(null);   // finished: the library has nothing left to skip
                }
            }
            return super.getNextEntry();
        }

        /** Reads the padding after an entry of {@code size} bytes up to the next record, as the library does. */
        private void skipPadding(long size) throws IOException {
            long rest = size % padding.length;
            if (size <= 0 || rest == 0) {
                return;
            }
            int want = (int) (padding.length - rest);
            int have = 0;
            while (have < want) {
                int n = in.read(padding, have, want - have);
                if (n < 0) {
                    break;
                }
                have += n;
            }
            count(have);
            if (have != want) {
                throw new IOException("Truncated TAR archive");
            }
        }
    }
}
