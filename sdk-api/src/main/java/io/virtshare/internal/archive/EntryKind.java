package io.virtshare.internal.archive;

/** What an archive entry is, as far as extraction cares. */
enum EntryKind {
    FILE, DIRECTORY, SYMLINK, HARDLINK, DEVICE, FIFO, OTHER
}
