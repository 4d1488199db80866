package io.virtshare.internal.hf;

import io.virtshare.internal.files.Digests;
import io.virtshare.internal.files.Writeback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The state of one file's download in its claimed partial directory: the data file, the
 * digest over the verified prefix and, for ranged downloads, which parts are complete
 * (the {@code parts} file, one index a line). Whole-file downloads resume from the data
 * file's length, ranged ones from their completed parts; the digest is rebuilt from what
 * is on disk, so every byte is hashed before the file is accepted.
 */
final class FileJob {
    private static final int READ = 1 << 20;

    final RepoFile file;
    final String local;
    final String key;
    final Path dir;
    final int parts;
    final long partSize;
    private final Path data;
    private final Path partsFile;
    private final ReentrantReadWriteLock generation = new ReentrantReadWriteLock();
    private final ReentrantLock hashing = new ReentrantLock();
    private final BitSet done = new BitSet();
    private FileChannel channel;
    private MessageDigest digest;
    private volatile long hashed;
    /** Set by the first restart: from then on one thread downloads the file whole and parts stand down. */
    private volatile boolean wholeMode;
    private volatile boolean moved;
    private volatile int gen;
    private volatile java.net.URI location;
    private long resumedBytes;
    private final java.util.concurrent.atomic.AtomicBoolean finishing =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final Writeback writeback;

    FileJob(RepoFile file, String local, Path dir, String key, long partSize, boolean ranged) throws IOException {
        this.file = file;
        this.local = local;
        this.key = key;
        this.dir = dir;
        this.partSize = partSize;
        this.parts = ranged ? (int) Math.max(1, (file.size() + partSize - 1) / partSize) : 0;
        this.data = dir.resolve("data");
        this.partsFile = dir.resolve("parts");
        this.channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.writeback = new Writeback(channel);
        this.digest = newDigest();
        if (ranged) {
            if (Files.exists(partsFile)) {
                for (String line : Files.readAllLines(partsFile, StandardCharsets.US_ASCII)) {
                    try {
                        int i = Integer.parseInt(line.trim());
                        if (i >= 0 && i < parts) {
                            done.set(i);
                        }
                    } catch (NumberFormatException e) {
                        // a torn last line: that part is fetched again
                    }
                }
            }
            for (int i = done.nextSetBit(0); i >= 0; i = done.nextSetBit(i + 1)) {
                resumedBytes += partEnd(i) - partStart(i) + 1;
            }
        } else {
            long have = Math.min(channel.size(), file.size());
            channel.truncate(have);
            hashRange(0, have);
            resumedBytes = have;
        }
    }

    static String keyOf(RepoFile file) {
        return file.expectedHash() + "-" + file.size();
    }

    boolean ranged() {
        return parts > 0;
    }

    long resumedBytes() {
        return resumedBytes;
    }

    /** Bytes already on disk for a whole-file download (where to continue). */
    long written() {
        return hashed;
    }

    boolean partDone(int i) {
        synchronized (done) {
            return done.get(i);
        }
    }

    List<Integer> missingParts() {
        synchronized (done) {
            return java.util.stream.IntStream.range(0, parts).filter(i -> !done.get(i)).boxed().toList();
        }
    }

    long partStart(int i) {
        return i * partSize;
    }

    long partEnd(int i) {
        return Math.min(file.size(), (i + 1) * partSize) - 1;
    }

    java.net.URI location() {
        return location;
    }

    void location(java.net.URI value) {
        location = value;
    }

    int generation() {
        generation.readLock().lock();
        try {
            return gen;
        } finally {
            generation.readLock().unlock();
        }
    }

    /** Whether a part started in {@code expectedGen} must stand down: the file restarted or is downloaded whole. */
    boolean superseded(int expectedGen) {
        return gen != expectedGen || wholeMode;
    }

    /** Appends to a whole-file download, hashing as it goes. */
    void append(byte[] buf, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
            channel.write(bb, hashed + bb.position());
        }
        digest.update(buf, 0, n);
        hashed += n;
        writeback.written(n);
    }

    /** Starts a whole-file download over (the server ignored a Range, or resumed bytes were bad). */
    void restartWhole() throws IOException {
        restartWhole(-1);
    }

    /**
     * Starts the file over as one whole download, unless it was restarted since
     * {@code expectedGen} or already is downloaded whole (-1: in any case); true for the
     * caller that restarted it, which alone downloads the file from then on.
     */
    boolean restartWhole(int expectedGen) throws IOException {
        hashing.lock();
        generation.writeLock().lock();
        try {
            if (expectedGen >= 0 && (gen != expectedGen || wholeMode)) {
                return false;
            }
            gen++;
            wholeMode = true;
            channel.truncate(0);
            Files.deleteIfExists(partsFile);
            synchronized (done) {
                done.clear();
            }
            digest = newDigest();
            hashed = 0;
            resumedBytes = 0;
            return true;
        } finally {
            generation.writeLock().unlock();
            hashing.unlock();
        }
    }

    /**
     * Writes part bytes at {@code pos} unless the file was restarted since {@code expectedGen}.
     *
     * @return false when the part is superseded
     */
    boolean writeAt(int expectedGen, byte[] buf, int n, long pos) throws IOException {
        generation.readLock().lock();
        try {
            if (superseded(expectedGen)) {
                return false;
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) {
                channel.write(bb, pos + bb.position());
            }
            writeback.written(n);
            return true;
        } finally {
            generation.readLock().unlock();
        }
    }

    /**
     * Records part {@code i} as complete and hashes the contiguous prefix, unless another
     * thread does; false when the part was superseded by a restart.
     */
    boolean completePart(int expectedGen, int i) throws IOException {
        generation.readLock().lock();
        try {
            if (superseded(expectedGen)) {
                return false;
            }
            synchronized (done) {
                done.set(i);
                Files.writeString(partsFile, i + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } finally {
            generation.readLock().unlock();
        }
        if (hashing.tryLock()) {
            try {
                hashPrefix();
            } finally {
                hashing.unlock();
            }
        }
        return true;
    }

    private void hashPrefix() throws IOException {
        while (true) {
            int next = (int) (hashed / partSize);
            boolean ready;
            synchronized (done) {
                ready = next < parts && done.get(next) && hashed < file.size();
            }
            if (!ready) {
                return;
            }
            hashRange(hashed, partEnd(next) + 1);
        }
    }

    private void hashRange(long from, long to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(READ);
        long pos = from;
        while (pos < to) {
            buf.clear().limit((int) Math.min(READ, to - pos));
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("partial file " + data + " is shorter than recorded");
            }
            digest.update(buf.array(), 0, n);
            pos += n;
        }
        hashed = to;
    }

    /**
     * True once, for the first caller that finds every byte of the current generation on
     * disk: every part complete, or the whole-file download at its end. A part completed
     * before a restart counts for nothing afterwards (the restart clears the parts and the
     * written length), so a stale unit can never finish a file still being downloaded.
     */
    boolean claimFinish() {
        generation.readLock().lock();
        try {
            boolean complete;
            synchronized (done) {
                complete = parts > 0 && done.cardinality() == parts;
            }
            complete = complete || hashed == file.size();
            return complete && finishing.compareAndSet(false, true);
        } finally {
            generation.readLock().unlock();
        }
    }

    /** The hex digest of everything on disk (hashing what is left), or null when bytes are missing. */
    String finalHash() throws IOException {
        hashing.lock();
        try {
            if (ranged()) {
                hashPrefix();
            }
            if (hashed != file.size()) {
                return null;
            }
            return HexFormat.of().formatHex(digest.digest());
        } finally {
            hashing.unlock();
        }
    }

    /** Closes the data file and moves it to {@code to}. */
    void moveTo(Path to) throws IOException {
        channel.close();
        Files.move(data, to);
        moved = true;
    }

    /** Whether the verified file was moved into the tree. */
    boolean moved() {
        return moved;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }

    private MessageDigest newDigest() {
        return digestFor(file);
    }

    /** A digest for {@code file}'s expected hash: sha256, or git's blob sha1 with its header already fed. */
    static MessageDigest digestFor(RepoFile file) {
        if (file.isLfs()) {
            return Digests.sha256();
        }
        MessageDigest md = Digests.sha1();
        md.update(("blob " + file.size() + "\0").getBytes(StandardCharsets.US_ASCII));
        return md;
    }
}
