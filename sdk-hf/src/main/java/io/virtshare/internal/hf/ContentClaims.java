package io.virtshare.internal.hf;

import io.virtshare.internal.catalog.CatalogStore;
import io.virtshare.internal.catalog.Owner;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.progress.Cancellation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How concurrent imports into one datastore (other processes, other hosts sharing
 * {@code BASE_PATH}) share out the files to download, without {@code flock}, in
 * {@code <resume area>/hf-claims/}:
 *
 * <pre>
 * &lt;key&gt;.claim       a hard link to the presence of the one import that downloads that content
 *                    (created atomically, as O_EXCL; a file naming the owner where links fail)
 * &lt;key&gt;.verified    a hard link to the downloaded file once it verified, for the others to copy
 * &lt;token&gt;.import    one per running import that claims, naming its owner: its heartbeat, shared by
 *                    its claims
 * &lt;token&gt;.solo      the presence of an import that found no other running on a local file
 *                    system: it claims nothing while it stays alone
 * </pre>
 *
 * <p>{@code key} names the content ({@code <hash>-<size>}). A claim and a presence are kept
 * alive by touching them every sixth of the lease; one untouched for longer than the lease,
 * or whose owner on this host is gone (a killed importer), is taken over: renamed aside
 * (atomic, so one taker wins) and created again. Lease ages are file modification times, so
 * hosts sharing a datastore need clocks within a fraction of the lease of each other (NTP).
 *
 * <p><b>Alone, nothing per file.</b> Every import starts as {@code .solo} and then lists the
 * presences: finding none on a local file system (which no other host can share), it
 * remembers its files in memory instead of linking a claim, a published file and removing
 * them again for each (five metadata operations per file, about a third of the CPU a 4 KiB
 * file's import took). It
 * looks for a newcomer every {@value #WATCH_MILLIS} ms; the newcomer, finding a {@code .solo}
 * presence, renames its own to {@code .import} and waits. On seeing it, the solo import
 * claims the files it is downloading, publishes those it verified, and only then renames its
 * presence to {@code .import}: from then on both claim as above, so each file is still
 * downloaded once. A solo presence whose owner is gone or silent for a lease is taken over
 * like a claim. Network file systems always claim (their listings may lag). Past
 * {@value #SOLO_FILES} verified files an import alone claims on disk too, as if another had
 * come, so that what it keeps in memory stays bounded.
 *
 * <p>Without a resume area nothing is shared: every claim succeeds at once.
 */
final class ContentClaims implements AutoCloseable {
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    private static final String CLAIM = ".claim";
    private static final String VERIFIED = ".verified";
    private static final String PRESENCE = ".import";
    private static final String SOLO = ".solo";
    /** How often an import that is alone looks for another one. */
    static final long WATCH_MILLIS = 20;
    /**
     * Verified files an import alone keeps in memory at most (about 300 bytes each); with more it
     * claims on disk from then on, as when another import arrives.
     */
    static final int SOLO_FILES = 100_000;
    /** How often an import waiting for a solo import to start claiming looks again. */
    private static final long WAIT_MILLIS = 10;
    /** Local file systems: no other host shares them, and their listings are current. */
    private static final Set<String> LOCAL_TYPES = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs",
            "bcachefs", "zfs", "tmpfs");

    private final Path pool;
    private final Duration lease;
    private final int soloFiles;
    private final Owner me = Owner.current();
    private final Set<Path> held = ConcurrentHashMap.newKeySet();
    private final String token = UniqueTokens.next();
    private final ScheduledExecutorService beat;
    private volatile Path presence;
    private volatile boolean links = true;

    /** Guards the solo state: {@link #solo}, {@link #started} and {@link #verified}. */
    private final Object lock = new Object();
    /** Whether this import is alone and claims nothing on disk. */
    private boolean solo;
    /** Contents this import downloads while alone (its claims, kept in memory). */
    private final Set<String> started = new HashSet<>();
    /** Contents this import verified while alone, and where (its published files, kept in memory). */
    private final Map<String, Path> verified = new HashMap<>();

    private ContentClaims(Path pool, Duration lease, Cancellation cancel, int soloFiles) throws IOException {
        this.pool = pool;
        this.lease = lease;
        this.soloFiles = soloFiles;
        if (pool == null) {
            presence = null;
            beat = null;
            return;
        }
        presence = pool.resolve(token + SOLO);
        for (int attempt = 1; ; attempt++) {
            Files.createDirectories(pool);
            CatalogStore.requireDirectory(pool);   // a link planted there is refused, its target left alone
            try {
                Files.writeString(presence, me.encode() + "\n", StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                break;
            } catch (NoSuchFileException e) {
                if (attempt == 3) {
                    throw e;
                }
                // the last import out removed the empty directory just now: make it again
            }
        }
        beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hf-claims-heartbeat");
            t.setDaemon(true);
            return t;
        });
        try {
            long every = Math.max(50, lease.toMillis() / 6);
            beat.scheduleAtFixedRate(this::touchAll, every, every, TimeUnit.MILLISECONDS);
            Others others = others();
            if (!others.running() && LOCAL_TYPES.contains(Files.getFileStore(pool).type())) {
                solo = true;
                beat.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                presence = rename(presence, pool.resolve(token + PRESENCE));
                awaitNoSolo(others, cancel);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Claims shared in {@code resumeArea}, or none (every claim succeeds) without one. While a
     * solo import has not started claiming yet, this waits for it ({@code cancel} stops the wait).
     */
    static ContentClaims open(Optional<Path> resumeArea, Duration lease, Cancellation cancel) throws IOException {
        return open(resumeArea, lease, cancel, SOLO_FILES);
    }

    /** {@link #open(Optional, Duration, Cancellation)}, keeping at most {@code soloFiles} verified files in memory. */
    static ContentClaims open(Optional<Path> resumeArea, Duration lease, Cancellation cancel, int soloFiles)
            throws IOException {
        return new ContentClaims(resumeArea.map(r -> r.resolve("hf-claims")).orElse(null), lease, cancel, soloFiles);
    }

    /** Whether this import is alone and keeps its claims in memory. */
    boolean solo() {
        synchronized (lock) {
            return solo;
        }
    }

    /** This import's presence file (null without a resume area). */
    Path presence() {
        return presence;
    }

    /** The other presences in the pool: whether any runs, and whether one of those is solo. */
    private record Others(boolean running, boolean solo) {
    }

    /**
     * Looks at the other imports' presences; abandoned ones (see {@link #expired}) are removed,
     * so that an import killed while alone does not hold the next one up.
     */
    private Others others() throws IOException {
        boolean running = false;
        boolean anySolo = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(pool, ContentClaims::isPresence)) {
            for (Path other : entries) {
                if (other.getFileName().toString().startsWith(token + ".")) {
                    continue;
                }
                if (expired(other)) {
                    breakAside(other);
                    continue;
                }
                running = true;
                anySolo |= other.getFileName().toString().endsWith(SOLO);
            }
        }
        return new Others(running, anySolo);
    }

    private static boolean isPresence(Path entry) {
        String name = entry.getFileName().toString();
        return name.endsWith(PRESENCE) || name.endsWith(SOLO);
    }

    /** Waits until no other import is solo: each one, seeing this one, claims what it downloads first. */
    private void awaitNoSolo(Others first, Cancellation cancel) throws IOException {
        Others now = first;
        while (now.solo()) {
            cancel.check("waiting for another import of this datastore to share out its files");
            try {
                Thread.sleep(WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for another import to share out its files", e);
            }
            now = others();
        }
    }

    /** While alone: on finding another import, starts claiming (see {@link #share()}). */
    private void watch() {
        try {
            if (solo() && others().running()) {
                share();
            }
        } catch (IOException | RuntimeException e) {
            // looked at again on the next beat
        }
    }

    /**
     * Ends being alone: claims on disk every content this import is downloading, publishes every
     * one it verified, then renames its presence to {@code .import}, which lets the newcomer claim.
     */
    private void share() throws IOException {
        synchronized (lock) {
            shareLocked();
        }
    }

    /** {@link #share()}, with {@link #lock} held. */
    private void shareLocked() throws IOException {
        if (!solo) {
            return;   // claiming already, or closed
        }
        if (!Files.exists(presence, LinkOption.NOFOLLOW_LINKS)) {
            // taken over while this import stalled for a lease: present again, for the claims to link to
            Files.writeString(presence, me.encode() + "\n", StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        }
        for (Map.Entry<String, Path> done : verified.entrySet()) {
            link(done.getKey(), done.getValue());
        }
        for (String key : started) {
            if (!verified.containsKey(key)) {
                claimOnDisk(key);   // no one else claims while this presence is solo
            }
        }
        presence = rename(presence, pool.resolve(token + PRESENCE));
        started.clear();
        verified.clear();
        solo = false;
    }

    private static Path rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        return to;
    }

    /**
     * Claims the download of content {@code key}: true when this import holds it now (it was
     * free, or its holder's lease ran out), false while another import (or this one, for
     * another path with the same content) holds it.
     */
    boolean tryClaim(String key) throws IOException {
        if (pool == null) {
            return true;
        }
        synchronized (lock) {
            if (solo) {
                return started.add(key);
            }
        }
        return claimOnDisk(key);
    }

    private boolean claimOnDisk(String key) throws IOException {
        Path claim = pool.resolve(key + CLAIM);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                create(claim);
                held.add(claim);
                return true;
            } catch (FileAlreadyExistsException e) {
                if (held.contains(claim)) {
                    return false;
                }
                if (mine(claim)) {
                    // NFS answered a retransmitted link with EEXIST: the link is ours
                    held.add(claim);
                    return true;
                }
                if (!expired(claim)) {
                    return false;
                }
                breakAside(claim);
            }
        }
        return false;
    }

    /**
     * Creates the claim as a hard link to this import's presence file (atomic like
     * {@code O_EXCL}, on NFS too, writes no data, and the presence's heartbeat keeps every
     * claim fresh at once); where hard links are not supported, as a new file naming the owner.
     */
    private void create(Path claim) throws IOException {
        if (links) {
            try {
                Files.createLink(claim, presence);
                return;
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | IOException e) {
                links = false;
            }
        }
        Files.writeString(claim, me.encode() + "\n" + presence.getFileName() + "\n", StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }

    private boolean mine(Path claim) {
        try {
            return links && Files.isSameFile(claim, presence);
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes the verified file {@code file} of content {@code key} available to other imports (best effort). */
    void publish(String key, Path file) {
        if (pool == null) {
            return;
        }
        synchronized (lock) {
            if (solo) {
                verified.putIfAbsent(key, file);
                if (verified.size() >= soloFiles) {
                    try {
                        shareLocked();   // links this one with the others
                    } catch (IOException e) {
                        // kept in memory: tried again with the next file, or by the watcher
                    }
                }
                return;
            }
        }
        link(key, file);
    }

    private void link(String key, Path file) {
        try {
            Files.createLink(pool.resolve(key + VERIFIED), file);
        } catch (FileAlreadyExistsException e) {
            // published by another import: the same content
        } catch (IOException | UnsupportedOperationException e) {
            // no hard links here: the others wait for the image to be READY, or download it themselves
        }
    }

    /** The verified file of content {@code key} another import published, if any (a candidate, to verify). */
    Optional<Path> published(String key) {
        if (pool == null) {
            return Optional.empty();
        }
        synchronized (lock) {
            if (solo) {
                return Optional.ofNullable(verified.get(key));
            }
        }
        Path link = pool.resolve(key + VERIFIED);
        return Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS) ? Optional.of(link) : Optional.empty();
    }

    /** Gives up the claim on {@code key} (after its file verified, or after the download failed). */
    void release(String key) {
        if (pool == null) {
            return;
        }
        synchronized (lock) {
            if (solo) {
                started.remove(key);
                return;
            }
        }
        Path claim = pool.resolve(key + CLAIM);
        if (held.remove(claim)) {
            deleteQuietly(claim);
        }
    }

    /** How long an untouched claim stays valid. */
    Duration lease() {
        return lease;
    }

    /**
     * Releases every claim still held; when no other import is running, removes the
     * published links (the files live on in the images) and the directory if empty.
     */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        beat.shutdownNow();
        synchronized (lock) {   // after a share() under way: the claims it makes are held, and removed here
            if (solo) {
                try {
                    if (others().running()) {
                        shareLocked();   // one arrived since the last look: it gets what this import verified
                    }
                } catch (IOException e) {
                    // the newcomer downloads what it cannot copy
                }
            }
            solo = false;
            started.clear();
            verified.clear();
            for (Path claim : held) {
                deleteQuietly(claim);
            }
            held.clear();
            deleteQuietly(presence);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(pool, ContentClaims::isPresence)) {
            for (Path other : entries) {
                if (!expired(other)) {
                    return;
                }
                deleteQuietly(other);
            }
        } catch (IOException e) {
            return;
        }
        try (DirectoryStream<Path> verified = Files.newDirectoryStream(pool, "*" + VERIFIED)) {
            for (Path link : verified) {
                deleteQuietly(link);
            }
        } catch (IOException e) {
            return;
        }
        try {
            Files.deleteIfExists(pool);
        } catch (IOException e) {
            // another import started meanwhile
        }
    }

    private void touchAll() {
        FileTime now = FileTime.fromMillis(System.currentTimeMillis());
        touch(presence, now);
        if (!links) {
            for (Path claim : held) {
                touch(claim, now);
            }
        }
    }

    private static void touch(Path file, FileTime now) {
        try {
            Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(now, null, null);
        } catch (IOException e) {
            // the next beat tries again
        }
    }

    /** Whether the claim or presence {@code file} is abandoned: untouched for a lease, or its owner here is gone. */
    private boolean expired(Path file) {
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                    .toMillis();
            if (age > lease.toMillis()) {
                return true;
            }
            byte[] head = readHead(file);
            String first = new String(head, StandardCharsets.UTF_8).split("\n", 2)[0];
            return Owner.parse(first).map(Owner::goneHere).orElse(false);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] readHead(Path file) throws IOException {
        try (var in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes(512);
        }
    }

    /** Renames an abandoned claim aside (one taker wins) and removes it. */
    private static void breakAside(Path claim) throws IOException {
        Path aside = claim.resolveSibling(claim.getFileName() + ".stale-" + UniqueTokens.next());
        try {
            Files.move(claim, aside, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(aside);
        } catch (NoSuchFileException e) {
            // taken over by another import meanwhile
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the resume area " + claim.getParent() + " does not support atomic renames", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // goes stale and is removed by the next import
        }
    }
}
