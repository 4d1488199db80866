package io.virtshare.internal.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Reads the entries of one archive in order; the content of the current entry is {@link #content()}. */
interface EntrySource extends Closeable {
    /** The next entry, or null at the end. */
    ArchiveEntry next() throws IOException;

    /** The content of the entry last returned by {@link #next()}; the source closes it, callers must not. */
    InputStream content() throws IOException;
}
