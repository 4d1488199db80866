package io.virtshare.internal.archive;

import io.virtshare.internal.files.FileNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Entries of a zip archive, read through its central directory (the authoritative
 * list; a streaming read can be fooled by entries the directory does not list).
 */
final class ZipEntrySource implements EntrySource {
    private static final int MAX_LINK_TARGET = 4096;

    private final ZipFile zip;
    private final Enumeration<ZipArchiveEntry> entries;
    private ZipArchiveEntry current;
    private InputStream open;

    private ZipEntrySource(ZipFile zip) {
        this.zip = zip;
        this.entries = zip.getEntriesInPhysicalOrder();
    }

    static ZipEntrySource open(Path file) throws IOException {
        return new ZipEntrySource(ZipFile.builder().setPath(file).get());
    }

    @Override
    public ArchiveEntry next() throws IOException {
        closeOpen();
        if (!entries.hasMoreElements()) {
            current = null;
            return null;
        }
        current = entries.nextElement();
        int unixMode = current.getUnixMode();
        int type = unixMode & 0170000;
        EntryKind kind;
        String link = null;
        if (current.isUnixSymlink()) {
            kind = EntryKind.SYMLINK;
            try (InputStream in = zip.getInputStream(current)) {
                byte[] target = in.readNBytes(MAX_LINK_TARGET + 1);
                link = new String(target, StandardCharsets.UTF_8);
            }
        } else if (current.isDirectory()) {
            kind = EntryKind.DIRECTORY;
        } else if (type == 0020000 || type == 0060000) {
            kind = EntryKind.DEVICE;
        } else if (type == 0010000) {
            kind = EntryKind.FIFO;
        } else if (type == 0 || type == 0100000) {
            kind = EntryKind.FILE;
        } else {
            kind = EntryKind.OTHER;
        }
        int mode = unixMode == 0 ? -1 : unixMode & 07777;
        return new ArchiveEntry(name(current), kind, mode, link, current.getLastModifiedTime());
    }

    /** The entry's name; one whose raw bytes are not UTF-8 keeps them visible as U+FFFD, never as '?'. */
    private static String name(ZipArchiveEntry entry) {
        String name = entry.getName();
        if (name.indexOf('?') < 0 || entry.getRawName() == null
                || FileNames.utf8(entry.getRawName()).isPresent()) {
            return name;
        }
        return new String(entry.getRawName(), StandardCharsets.UTF_8);
    }

    @Override
    public InputStream content() throws IOException {
        if (!zip.canReadEntryData(current)) {
            throw new IOException("entry " + current.getName() + " uses an unsupported zip method or encryption");
        }
        closeOpen();
        open = zip.getInputStream(current);
        return open;
    }

    private void closeOpen() throws IOException {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeOpen();
        } finally {
            zip.close();
        }
    }
}
