package io.virtshare.internal.archive;

import io.virtshare.datastore.ArchiveRejectedException;
import io.virtshare.internal.archive.SafeNames.UnsafeEntryException;
import io.virtshare.internal.files.CreationMode;
import io.virtshare.internal.files.LinkConfinement;
import io.virtshare.internal.files.TreeWriteback;
import io.virtshare.internal.files.Writeback;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Extracts an untrusted archive into a new directory with the semantics of Python's
 * {@code tarfile} data filter (PEP 706), plus limits.
 *
 * <ul>
 *   <li>Names: leading {@code /} stripped, {@code ..} may not climb above the root.</li>
 *   <li>Nothing is ever written through a link: every parent of an entry must be a
 *       real directory created by this extraction; files are opened with
 *       {@code CREATE_NEW} and no-follow.</li>
 *   <li>Symbolic links are created last, each target relative, and then resolved
 *       component by component inside the tree (chains followed, at most 40 hops);
 *       one that leaves the tree refuses the whole archive ({@link LinkConfinement},
 *       the rule directory imports follow too).</li>
 *   <li>Names are read as UTF-8 whatever the locale; one this JVM cannot write as a file
 *       name is refused, and so are two entries whose names could only have merged
 *       because bytes that are not UTF-8 were read as {@code ?}.</li>
 *   <li>Hard links must point at a regular file extracted before them.</li>
 *   <li>Devices, FIFOs and other special entries are refused.</li>
 *   <li>Modes: files {@code mode & 0755 | 0600}, group/other execute cleared when the
 *       owner has none; setuid, setgid, sticky and group/other write dropped;
 *       directories get the default mode; owners are never restored.</li>
 *   <li>Limits on bytes actually written (not header sizes), entries and path lengths.</li>
 * </ul>
 *
 * <p>Layout: entries land as named under the destination, so an archive made with
 * {@code tar czf model.tar.gz model/} gives {@code <destination>/model/…}. With the
 * top-level folder stripped ({@link #extract(Path, Path, ExtractionLimits, boolean, ProgressListener,
 * Cancellation)}), every entry must lie in one single top-level directory, whose contents then
 * land directly under the destination; hard link targets are stripped alike, and symbolic
 * links are confined to the stripped tree (one that climbs back to the archive's top level
 * refuses the archive).
 *
 * <p>The destination must not exist; it is created, and removed again on any failure,
 * so a refused archive leaves nothing behind.
 */
public final class SafeExtractor {
    private static final long PROGRESS_EVERY = 8L << 20;
    private static final int DEFAULT_FILE_MODE = 0644;

    private final Path archive;
    private final String archiveName;
    private final Path root;
    private final ExtractionLimits limits;
    private final ProgressListener progress;
    private final Cancellation cancellation;
    private final boolean stripTopLevelFolder;
    private final byte[] buffer = new byte[1 << 16];
    /** The start of each file: all of a small one, which tells it from a large one. */
    private final byte[] head = new byte[ParallelWriter.SMALL + 1];

    private final Map<Path, FileTime> directoryTimes = new TreeMap<>();
    private final Set<Path> verified = new HashSet<>();
    /** Files written, with the number of the entry that wrote each. */
    private final Map<Path, Long> written = new java.util.HashMap<>();
    private final ParallelWriter writer;
    /** The tree's files written back while more are extracted. */
    private final TreeWriteback tree;
    private final List<Path> links = new ArrayList<>();
    private final List<PendingLink> pendingLinks = new ArrayList<>();
    private long entries;
    private long files;
    private long directories;
    private long hardlinks;
    private long bytes;
    private long lastReport;
    /** The single top-level folder being stripped, once the first entry named it. */
    private String topLevelFolder;

    private SafeExtractor(Path archive, Path root, ExtractionLimits limits, boolean stripTopLevelFolder,
            ProgressListener progress, Cancellation cancellation) {
        this.archive = archive;
        this.archiveName = archive.toString();
        this.root = root;
        this.tree = new TreeWriteback(root);
        this.writer = new ParallelWriter(CreationMode.probe(root));   // before anything is written into root
        this.limits = limits;
        this.progress = progress;
        this.cancellation = cancellation;
        this.stripTopLevelFolder = stripTopLevelFolder;
    }

    /**
     * Extracts {@code archive} into {@code destination}, which must not exist yet, keeping
     * the archive's layout.
     *
     * @throws ArchiveRejectedException when the archive is unreadable, unsafe or over a limit;
     *     {@code destination} is then removed
     */
    public static ExtractionResult extract(Path archive, Path destination, ExtractionLimits limits,
            ProgressListener progress, Cancellation cancellation) {
        return extract(archive, destination, limits, false, progress, cancellation);
    }

    /**
     * Extracts {@code archive} into {@code destination}, which must not exist yet.
     *
     * @param stripTopLevelFolder whether the contents of the archive's single top-level folder
     *     land directly in {@code destination}; an archive with anything else at its top level is
     *     then refused
     * @throws ArchiveRejectedException when the archive is unreadable, unsafe, over a limit, or has
     *     no single top-level folder to strip; {@code destination} is then removed
     */
    public static ExtractionResult extract(Path archive, Path destination, ExtractionLimits limits,
            boolean stripTopLevelFolder, ProgressListener progress, Cancellation cancellation) {
        ArchiveFormat format;
        try {
            format = ArchiveFormat.detect(archive).orElseThrow(() -> new ArchiveRejectedException(archive.toString(),
                    null, archive + " is not an archive virtshare reads; give a directory or one of "
                            + ArchiveFormat.supported(), null));
        } catch (IOException e) {
            throw new ArchiveRejectedException(archive.toString(), null, "cannot read " + archive + ": "
                    + e.getMessage(), e);
        }
        try {
            Files.createDirectory(destination);
        } catch (IOException e) {
            throw new ArchiveRejectedException(archive.toString(), null, "cannot create " + destination
                    + " to extract into: " + e.getMessage(), e);
        }
        SafeExtractor extractor = new SafeExtractor(archive, destination, limits, stripTopLevelFolder, progress,
                cancellation);
        boolean done = false;
        try {
            ExtractionResult result = extractor.run(format);
            done = true;
            return result;
        } finally {
            extractor.writer.close();
            if (!done) {
                TreeDeleter.deleteQuietly(destination);
            }
        }
    }

    private ExtractionResult run(ArchiveFormat format) {
        String entryName = null;
        try (EntrySource source = format == ArchiveFormat.ZIP
                ? ZipEntrySource.open(archive) : TarEntrySource.open(archive, format)) {
            ArchiveEntry entry;
            while ((entry = source.next()) != null) {
                entryName = entry.name();
                cancellation.check("extracting " + archiveName);
                if (++entries > limits.maxEntries()) {
                    throw reject(null, "it has more than " + limits.maxEntries() + " entries");
                }
                apply(entry, source);
            }
            entryName = null;
            if (stripTopLevelFolder && topLevelFolder == null) {
                throw reject(null, "it has no top-level folder to strip (no entry lies below its root); register it without"
                        + " stripping the top-level folder");
            }
            writer.awaitAll();
            createLinks();
            restoreDirectoryTimes();
        } catch (UnsafeEntryException e) {
            throw reject(entryName, e.getMessage());
        } catch (ArchiveRejectedException e) {
            throw e;
        } catch (ParallelWriter.WriteFailure e) {
            throw new ArchiveRejectedException(archiveName, null, archiveName + " could not be extracted: "
                    + e.getCause().getMessage() + "; nothing was extracted", e.getCause());
        } catch (IOException | RuntimeException e) {
            if (e instanceof io.virtshare.VirtShareException v) {
                throw v;
            }
            throw new ArchiveRejectedException(archiveName, entryName, archiveName
                    + " is truncated or not a valid " + format.label() + " archive"
                    + (entryName == null ? "" : " (at entry '" + entryName + "')") + ": " + e.getMessage()
                    + "; nothing was extracted", e);
        }
        progress.progress(new Progress("extract", "", bytes, bytes, entries, entries));
        return new ExtractionResult(format, files, directories, links.size(), hardlinks, bytes);
    }

    private ArchiveRejectedException reject(String entry, String reason) {
        String where = entry == null ? archiveName : archiveName + ": entry '" + entry + "'";
        return new ArchiveRejectedException(archiveName, entry, where + " refused: " + reason
                + "; nothing was extracted", null);
    }

    private void apply(ArchiveEntry entry, EntrySource source) throws IOException {
        List<String> parts = strip(SafeNames.components(entry.name(), limits), entry.kind());
        switch (entry.kind()) {
            case DIRECTORY -> directory(parts, entry);
            case FILE -> file(parts, entry, source.content());
            case SYMLINK -> pendingLinks.add(new PendingLink(String.join("/", parts), entry.linkTarget(),
                    entry.modified()));
            case HARDLINK -> hardlink(parts, entry);
            case DEVICE -> throw new UnsafeEntryException("it is a device node; devices are never extracted");
            case FIFO -> throw new UnsafeEntryException("it is a FIFO; FIFOs are never extracted");
            case OTHER -> throw new UnsafeEntryException("it is a special entry (sparse or unknown type)"
                    + " that virtshare does not extract");
        }
    }

    /**
     * {@code parts} without the top-level folder when it is stripped: the first entry names
     * the folder, every later one must lie in it; the folder itself becomes the root.
     */
    private List<String> strip(List<String> parts, EntryKind kind) {
        if (!stripTopLevelFolder || parts.isEmpty()) {
            return parts;
        }
        String top = parts.get(0);
        if (topLevelFolder == null) {
            topLevelFolder = top;
        } else if (!topLevelFolder.equals(top)) {
            throw new UnsafeEntryException("the archive has more than one entry at its top level ('"
                    + topLevelFolder + "' and '" + top + "'), so there is no single top-level folder to strip;"
                    + " register it without stripping to keep its layout");
        }
        String what = switch (kind) {
            case FILE -> "a file";
            case SYMLINK -> "a symbolic link";
            case HARDLINK -> "a hard link";
            default -> null;   // a directory is the folder; devices and FIFOs are refused as such
        };
        if (parts.size() == 1 && what != null) {
            throw new UnsafeEntryException("its top-level entry '" + top + "' is " + what + ", not a folder, so"
                    + " there is no top-level folder to strip; register it without stripping to keep its layout");
        }
        return parts.subList(1, parts.size());
    }

    private Path resolve(List<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }

    /** Creates the parents of {@code parts} as real directories, refusing to pass through anything else. */
    private Path parents(List<String> parts) throws IOException {
        Path dir = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            dir = dir.resolve(parts.get(i));
            ensureDirectory(dir);
        }
        return dir;
    }

    private void ensureDirectory(Path dir) throws IOException {
        if (verified.contains(dir)) {
            return;
        }
        if (written.containsKey(dir)) {
            throw new UnsafeEntryException("it would be written below the file " + root.relativize(dir));
        }
        // links are created last, and nothing else writes here: the directory cannot exist yet
        Files.createDirectory(dir);
        verified.add(dir);
        directories++;
    }

    private void directory(List<String> parts, ArchiveEntry entry) throws IOException {
        if (parts.isEmpty()) {
            return;
        }
        parents(parts);
        Path dir = resolve(parts);
        ensureDirectory(dir);
        if (entry.modified() != null) {
            directoryTimes.put(dir, entry.modified());
        }
    }

    private void file(List<String> parts, ArchiveEntry entry, InputStream content) throws IOException {
        if (parts.isEmpty()) {
            throw new UnsafeEntryException("a file cannot replace the extraction directory");
        }
        parents(parts);
        Path file = resolve(parts);
        writer.awaitPath(file);
        replaceableFile(file);
        int mode = fileMode(entry.mode());
        // read into the scratch buffer, which a small file is copied out of to be written
        int headLength = content.readNBytes(head, 0, head.length);
        count(headLength);
        if (headLength <= ParallelWriter.SMALL) {
            writer.submit(file, head, headLength, mode, entry.modified());
            files++;
            tree.written(headLength);   // queued: written soon, and the tree's flushes lag behind anyway
            return;
        }
        long start = bytes - headLength;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS); OutputStream out = Channels.newOutputStream(channel)) {
            Writeback writeback = new Writeback(channel);
            out.write(head, 0, headLength);
            writeback.written(headLength);
            int n;
            while ((n = content.read(buffer)) > 0) {
                count(n);
                out.write(buffer, 0, n);
                writeback.written(n);
                if (bytes - lastReport >= PROGRESS_EVERY) {
                    lastReport = bytes;
                    cancellation.check("extracting " + archiveName);
                    progress.progress(new Progress("extract", entry.name(), bytes, -1, entries, -1));
                }
            }
        }
        ParallelWriter.finish(file, mode, entry.modified());
        files++;
        tree.written(bytes - start);
    }

    private void count(int n) {
        if (bytes + n > limits.maxBytes()) {
            throw new UnsafeEntryException("the archive expands to more than " + limits.maxBytes()
                    + " bytes, over " + limits.limitName());
        }
        bytes += n;
    }

    /**
     * A later entry of the same name replaces a regular file, as tar does; anything else is
     * a conflict. The destination is new and only this extraction writes to it, so what
     * exists is known without asking the file system.
     */
    private void replaceableFile(Path file) throws IOException {
        if (verified.contains(file)) {
            throw new UnsafeEntryException("it conflicts with the directory of the same name");
        }
        Long earlier = written.put(file, entries);
        if (earlier != null) {
            if (root.relativize(file).toString().indexOf('?') >= 0) {
                throw new UnsafeEntryException("entry " + earlier + " and entry " + entries + " are both named '"
                        + root.relativize(file) + "', where '?' may stand for bytes that are not UTF-8; two names"
                        + " differing there would merge into one file: rename them to UTF-8 (e.g. convmv -f latin1"
                        + " -t utf8) and archive again");
            }
            Files.delete(file);
        }
    }

    private void hardlink(List<String> parts, ArchiveEntry entry) throws IOException {
        if (parts.isEmpty() || entry.linkTarget() == null) {
            throw new UnsafeEntryException("it is a hard link without a name or target");
        }
        List<String> targetParts = SafeNames.components(entry.linkTarget(), limits);
        if (stripTopLevelFolder) {
            if (targetParts.size() < 2 || !targetParts.get(0).equals(topLevelFolder)) {
                throw new UnsafeEntryException("it is a hard link to '" + entry.linkTarget() + "', which is not"
                        + " inside the top-level folder '" + topLevelFolder + "' being stripped");
            }
            targetParts = targetParts.subList(1, targetParts.size());
        }
        Path target = resolve(targetParts);
        writer.awaitAll();
        for (Path p = target.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeEntryException("its target passes through a link");
            }
        }
        if (targetParts.isEmpty() || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeEntryException("it is a hard link to '" + entry.linkTarget()
                    + "', which is not a regular file extracted before it");
        }
        parents(parts);
        Path link = resolve(parts);
        replaceableFile(link);
        Files.createLink(link, target);
        hardlinks++;
    }

    private void createLinks() throws IOException {
        List<FileTime> times = new ArrayList<>();
        for (PendingLink pending : pendingLinks) {
            String name = pending.name();
            String target = pending.target();
            try {
                if (name.isEmpty()) {
                    throw new UnsafeEntryException("a link cannot replace the extraction directory");
                }
                if (target == null || target.isEmpty() || target.indexOf('\0') >= 0
                        || target.length() > limits.maxPathLength()) {
                    throw new UnsafeEntryException("its link target is empty, too long or contains NUL");
                }
                if (target.startsWith("/")) {
                    throw new UnsafeEntryException("it links to the absolute path '" + target
                            + "'; only relative links inside the tree are kept");
                }
                List<String> parts = List.of(name.split("/"));
                parents(parts);
                Path link = resolve(parts);
                if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    throw new UnsafeEntryException("it conflicts with another entry of the same name");
                }
                Files.createSymbolicLink(link, link.getFileSystem().getPath(target));
                links.add(link);
                times.add(pending.modified());
            } catch (UnsafeEntryException e) {
                throw reject(name, e.getMessage());
            } catch (FileAlreadyExistsException e) {
                throw reject(name, "it conflicts with another entry of the same name");
            }
        }
        for (int i = 0; i < links.size(); i++) {
            Path relative = root.relativize(links.get(i));
            List<String> parts = new ArrayList<>();
            relative.forEach(p -> parts.add(p.toString()));
            Optional<String> escape = LinkConfinement.escape(parts, pendingLinks.get(i).target(), this::linkAt);
            if (escape.isPresent()) {
                throw reject(relative.toString(), escape.get() + (stripTopLevelFolder
                        ? " (the top-level folder '" + topLevelFolder + "' is stripped, so a link may not climb"
                                + " back to it)" : ""));
            }
        }
        for (int i = 0; i < links.size(); i++) {
            if (times.get(i) != null) {
                Files.getFileAttributeView(links.get(i), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(times.get(i), null, null);
            }
        }
    }

    private record PendingLink(String name, String target, FileTime modified) {
    }

    /** The target of the link extracted at {@code parts}, or empty when nothing there is a link. */
    private Optional<String> linkAt(List<String> parts) throws IOException {
        Path current = resolve(parts);
        if (Files.isSymbolicLink(current)) {
            return Optional.of(Files.readSymbolicLink(current).toString());
        }
        return Optional.empty();
    }

    private void restoreDirectoryTimes() throws IOException {
        // deepest first, so that setting a parent's time is not undone by its children
        List<Path> dirs = new ArrayList<>(directoryTimes.keySet());
        dirs.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path dir : dirs) {
            Files.setLastModifiedTime(dir, directoryTimes.get(dir));
        }
    }

    /** The data filter's file mode: owner read/write always, no setuid/setgid/sticky, no group/other write. */
    static int fileMode(int claimed) {
        int mode = claimed < 0 ? DEFAULT_FILE_MODE : claimed & 0755;
        mode |= 0600;
        if ((mode & 0100) == 0) {
            mode &= ~0011;
        }
        return mode;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
