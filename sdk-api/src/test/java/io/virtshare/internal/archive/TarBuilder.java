package io.virtshare.internal.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Builds archives, hostile ones included, entry by entry, for tests. */
final class TarBuilder {
    private record Item(String name, byte type, int mode, String link, byte[] content) {
    }

    private final List<Item> items = new ArrayList<>();
    private String encoding = "UTF-8";

    /** Names written in Latin-1, as old tools did: non-ASCII names are then not UTF-8. */
    TarBuilder latin1() {
        encoding = "ISO-8859-1";
        return this;
    }

    TarBuilder dir(String name) {
        items.add(new Item(name, TarConstants.LF_DIR, 0755, null, null));
        return this;
    }

    TarBuilder file(String name, String content) {
        return file(name, 0644, content.getBytes(StandardCharsets.UTF_8));
    }

    TarBuilder file(String name, int mode, byte[] content) {
        items.add(new Item(name, TarConstants.LF_NORMAL, mode, null, content));
        return this;
    }

    TarBuilder symlink(String name, String target) {
        items.add(new Item(name, TarConstants.LF_SYMLINK, 0777, target, null));
        return this;
    }

    TarBuilder hardlink(String name, String target) {
        items.add(new Item(name, TarConstants.LF_LINK, 0644, target, null));
        return this;
    }

    TarBuilder special(String name, byte type) {
        items.add(new Item(name, type, 0644, null, null));
        return this;
    }

    byte[] tar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTar(bytes);
        return bytes.toByteArray();
    }

    void writeTar(OutputStream target) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(target, encoding)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Item item : items) {
                TarArchiveEntry entry = new TarArchiveEntry(item.name(), item.type(), true);
                entry.setMode(item.mode());
                entry.setModTime(1_700_000_000_000L);
                if (item.link() != null) {
                    entry.setLinkName(item.link());
                }
                if (item.content() != null) {
                    entry.setSize(item.content().length);
                }
                tar.putArchiveEntry(entry);
                if (item.content() != null) {
                    tar.write(item.content());
                }
                tar.closeArchiveEntry();
            }
        }
    }

    Path write(Path file, ArchiveFormat format) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            switch (format) {
                case TAR -> writeTar(out);
                case TAR_GZIP -> writeTar(new GzipCompressorOutputStream(out));
                case TAR_XZ -> writeTar(new XZCompressorOutputStream(out));
                case TAR_ZSTD -> writeTar(new ZstdCompressorOutputStream(out));
                case TAR_BZIP2 -> writeTar(new BZip2CompressorOutputStream(out));
                case ZIP -> writeZip(out);
            }
        }
        return file;
    }

    private void writeZip(OutputStream out) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            zip.setEncoding(encoding);
            zip.setUseLanguageEncodingFlag(encoding.equals("UTF-8"));
            zip.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            for (Item item : items) {
                ZipArchiveEntry entry = new ZipArchiveEntry(item.type() == TarConstants.LF_DIR && !item.name()
                        .endsWith("/") ? item.name() + "/" : item.name());
                byte[] content = item.content();
                if (item.type() == TarConstants.LF_SYMLINK) {
                    entry.setUnixMode(0120777);
                    content = item.link().getBytes(StandardCharsets.UTF_8);
                } else if (item.type() == TarConstants.LF_DIR) {
                    entry.setUnixMode(040755);
                } else if (item.type() == TarConstants.LF_NORMAL) {
                    entry.setUnixMode(0100000 | item.mode());
                } else {
                    throw new IllegalArgumentException("zip fixtures take files, directories and symlinks");
                }
                zip.putArchiveEntry(entry);
                if (content != null) {
                    zip.write(content);
                }
                zip.closeArchiveEntry();
            }
        }
    }
}
