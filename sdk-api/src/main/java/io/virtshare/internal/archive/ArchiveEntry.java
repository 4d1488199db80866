package io.virtshare.internal.archive;

import java.nio.file.attribute.FileTime;

/**
 * One entry as the archive claims it to be: nothing here is trusted.
 *
 * @param name the raw name
 * @param kind what it claims to be
 * @param mode the claimed permission bits, or -1 when the archive has none
 * @param linkTarget the raw link target for links, else null
 * @param modified the claimed modification time, or null
 */
record ArchiveEntry(String name, EntryKind kind, int mode, String linkTarget, FileTime modified) {
}
