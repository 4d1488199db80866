package io.virtshare.internal.libvirt;

import com.sun.jna.Memory;
import io.virtshare.VirtShareException;
import io.virtshare.internal.nativeio.SparseReader;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.StorageVolPointer;
import org.libvirt.jna.StreamPointer;

/**
 * Sparse uploads and downloads: a volume's bytes through a libvirt stream with holes sent and
 * received as holes ({@code VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM},
 * {@code VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM}), so the time and the disk space taken follow
 * the data, not the size.
 *
 * <p>libvirt (9.0) writes a hole of an upload by moving past it: what the volume held there
 * before stays. So an upload first asks the volume, with a sparse download whose data is read
 * and dropped, where it holds data now (skipped when libvirt reports nothing allocated), and
 * sends zeros as data where a hole of the file meets that old data; the volume then reads as
 * the file everywhere.
 */
final class SparseTransfers {
    private SparseTransfers() {
    }

    /** The volume being transferred: where, and how libvirt names it. */
    record Target(String uri, ConnectionPointer connection, String poolUuid, String pool, String volume) {
    }

    /**
     * Sends {@code source} to the start of the volume, its holes as holes; returns the file's size.
     * The checks of a full upload come first ({@link VolumeStreams#checkUpload}).
     */
    static long upload(Target target, StorageVol checked, Path source, ProgressListener listener,
            Cancellation cancellation, boolean formatChange, boolean namedFiles) throws LibvirtException {
        String name = target.volume();
        if (!Files.isRegularFile(source)) {
            throw new VirtShareException("cannot upload " + source + " to volume " + name
                    + ": it is not a regular file; give the path of the image to upload");
        }
        NativeStreams calls = NativeStreams.of(target.uri(), target.pool(), name, "upload to volume");
        try (SparseReader file = openSparse(source, name)) {
            long total = file.size();
            byte[] head = new byte[(int) Math.min(ImageFormats.HEAD, total)];
            int headLength = head.length == 0 ? 0 : file.read(head, head.length, 0);
            boolean formatChanges = VolumeStreams.checkUpload(checked, name, source, total,
                    Arrays.copyOf(head, headLength), bytesOf(file), formatChange, namedFiles);
            cancellation.check("upload of " + source + " to volume " + name);
            StorageVolPointer volume = calls.lookup(target.connection(), target.poolUuid());
            try {
                List<long[]> old = checked.getInfo().allocation == 0 ? List.of()
                        : dataOf(calls, target.connection(), volume, cancellation, name);
                long sent = send(calls, target.connection(), volume, file, old, source, name, listener,
                        cancellation);
                if (formatChanges) {
                    VolumeStreams.refreshPool(checked);
                }
                return sent;
            } finally {
                calls.free(volume);
            }
        } catch (IOException e) {
            throw new VirtShareException("cannot read " + source + " to upload it to volume " + name + ": "
                    + e.getMessage() + "; check that the file is readable", e);
        }
    }

    /** The bytes of {@code file} at an offset, by its positional reads, up to the size it had when opened. */
    private static ImageBytes bytesOf(SparseReader file) {
        return (offset, length) -> {
            if (offset < 0 || length <= 0 || offset >= file.size()) {
                return new byte[0];
            }
            byte[] bytes = new byte[(int) Math.min(length, file.size() - offset)];
            for (int done = 0; done < bytes.length; ) {
                byte[] piece = new byte[bytes.length - done];
                int n = file.read(piece, piece.length, offset + done);
                System.arraycopy(piece, 0, bytes, done, n);
                done += n;
            }
            return bytes;
        };
    }

    private static SparseReader openSparse(Path source, String name) {
        try {
            return SparseReader.open(source);
        } catch (IOException e) {
            throw new VirtShareException("cannot read the holes of " + source + " to upload it sparse to volume "
                    + name + ": " + e.getMessage() + "; upload it without sparse (UploadOptions.withSparse(false))"
                    + " or from a readable file on 64-bit Linux", e);
        }
    }

    /** The file's extents to the volume: data as data, holes as holes, zeros where a hole meets {@code old} data. */
    private static long send(NativeStreams calls, ConnectionPointer connection, StorageVolPointer volume,
            SparseReader file, List<long[]> old, Path source, String name, ProgressListener listener,
            Cancellation cancellation) {
        long total = file.size();
        StreamPointer stream = calls.newStream(connection);
        boolean finished = false;
        try {
            calls.startUpload(volume, stream, total);
            Memory buffer = new Memory(VolumeStreams.CHUNK);
            byte[] chunk = new byte[VolumeStreams.CHUNK];
            Reporter reporter = new Reporter(listener, "upload", name, total);
            long offset = 0;
            while (offset < total) {
                SparseReader.Extent extent = file.extentAt(offset);
                for (long[] piece : extent.hole() ? holePieces(extent.offset(), extent.end(), old)
                        : List.of(new long[] {extent.offset(), extent.end(), 1})) {
                    long at = piece[0];
                    while (at < piece[1]) {
                        if (cancellation.isCancelled()) {
                            throw VolumeStreams.uploadCancelled(source, name, at, total);
                        }
                        if (piece[2] == 0) {
                            calls.sendHole(stream, piece[1] - at);
                            at = piece[1];
                        } else {
                            int n = (int) Math.min(chunk.length, piece[1] - at);
                            if (piece[2] == 1) {
                                n = file.read(chunk, n, at);
                                buffer.write(0, chunk, 0, n);
                            } else {
                                buffer.clear(n);
                            }
                            calls.send(stream, buffer, n);
                            at += n;
                        }
                        reporter.at(at);
                    }
                }
                offset = extent.end();
            }
            calls.finish(stream);
            finished = true;
            reporter.done(total);
            return total;
        } catch (IOException e) {
            throw new VirtShareException("cannot read " + source + " while uploading it to volume " + name + ": "
                    + e.getMessage() + "; the upload was aborted and the volume holds part of the file: upload"
                    + " again once the file is readable and no longer changing, or wipe or delete the volume", e);
        } finally {
            calls.close(stream, finished);
        }
    }

    /**
     * The hole {@code [start, end)} cut where it meets the ranges of {@code old} data (sorted,
     * apart): pieces {@code {from, to, 0}} to send as a hole, {@code {from, to, 2}} as zeros.
     */
    static List<long[]> holePieces(long start, long end, List<long[]> old) {
        List<long[]> pieces = new ArrayList<>();
        long at = start;
        for (long[] range : old) {
            if (range[1] <= at || range[0] >= end) {
                continue;
            }
            if (range[0] > at) {
                pieces.add(new long[] {at, range[0], 0});
            }
            long to = Math.min(range[1], end);
            pieces.add(new long[] {Math.max(at, range[0]), to, 2});
            at = to;
        }
        if (at < end) {
            pieces.add(new long[] {at, end, 0});
        }
        return pieces;
    }

    /** Where the volume holds data now, as sorted {@code {from, to}} ranges, read by a sparse download. */
    private static List<long[]> dataOf(NativeStreams calls, ConnectionPointer connection, StorageVolPointer volume,
            Cancellation cancellation, String name) {
        List<long[]> ranges = new ArrayList<>();
        receive(calls, connection, volume, cancellation, name, (data, at, n) -> {
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[1] == at) {
                last[1] = at + n;
            } else {
                ranges.add(new long[] {at, at + n});
            }
        }, new Reporter(null, "", name, 0));
        return ranges;
    }

    /** Receives data: {@code n} bytes for offset {@code at}, in {@code data}. */
    private interface Sink {
        void accept(Memory data, long at, int n) throws IOException;
    }

    /** Runs a sparse download of the whole volume into {@code sink}; returns its length (data and holes). */
    private static long receive(NativeStreams calls, ConnectionPointer connection, StorageVolPointer volume,
            Cancellation cancellation, String name, Sink sink, Reporter reporter) {
        StreamPointer stream = calls.newStream(connection);
        boolean finished = false;
        try {
            calls.startDownload(volume, stream);
            Memory buffer = new Memory(VolumeStreams.CHUNK);
            long at = 0;
            while (true) {
                if (cancellation.isCancelled()) {
                    throw VolumeStreams.downloadCancelled(name, at);
                }
                int n = calls.receive(stream, buffer, VolumeStreams.CHUNK);
                if (n == 0) {
                    break;
                }
                if (n == NativeStreams.AT_HOLE) {
                    at += calls.receiveHole(stream);
                } else {
                    sink.accept(buffer, at, n);
                    at += n;
                }
                reporter.at(at);
            }
            calls.finish(stream);
            finished = true;
            return at;
        } catch (IOException e) {
            throw new VirtShareException("cannot write what volume " + name + " holds: " + e.getMessage()
                    + "; check the space and permissions there", e);
        } finally {
            calls.close(stream, finished);
        }
    }

    /**
     * Receives the volume's bytes into {@code target}, its holes left as holes, through a new
     * temporary file beside it moved into place only when complete; returns the volume's length.
     */
    static long download(Target target, Path file, ProgressListener listener, Cancellation cancellation) {
        String name = target.volume();
        NativeStreams calls = NativeStreams.of(target.uri(), target.pool(), name, "download volume");
        cancellation.check("download of volume " + name);
        Path partial = VolumeStreams.partialBeside(file, name);
        try {
            StorageVolPointer volume = calls.lookup(target.connection(), target.poolUuid());
            try (RandomAccessFile out = new RandomAccessFile(partial.toFile(), "rw")) {
                FileChannel channel = out.getChannel();
                Reporter reporter = new Reporter(listener, "download", name, -1);
                long length = receive(calls, target.connection(), volume, cancellation, name, (data, at, n) -> {
                    var bytes = data.getByteBuffer(0, n);
                    long position = at;
                    while (bytes.hasRemaining()) {
                        position += channel.write(bytes, position);
                    }
                }, reporter);
                out.setLength(length);    // a trailing hole: the file's length without writing it
                out.close();
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                reporter.done(length);
                return length;
            } finally {
                calls.free(volume);
            }
        } catch (IOException e) {
            throw new VirtShareException("cannot write " + file + " while downloading volume " + name + ": "
                    + e.getMessage() + "; check the space and permissions there", e);
        } finally {
            VolumeStreams.deleteQuietly(partial);
        }
    }

    /** Progress at most every {@link VolumeStreams#REPORT_EVERY} bytes, and at the end. */
    private static final class Reporter {
        private final ProgressListener listener;
        private final String operation;
        private final String name;
        private final long total;
        private long reported;

        Reporter(ProgressListener listener, String operation, String name, long total) {
            this.listener = listener;
            this.operation = operation;
            this.name = name;
            this.total = total;
        }

        void at(long done) {
            if (listener != null && done - reported >= VolumeStreams.REPORT_EVERY) {
                reported = done;
                listener.progress(new Progress(operation, name, done, total, 0, 1));
            }
        }

        void done(long done) {
            if (listener != null) {
                listener.progress(new Progress(operation, name, done, done, 1, 1));
            }
        }
    }
}
