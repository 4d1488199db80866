package io.virtshare.internal.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import org.libvirt.Error;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.StoragePoolPointer;
import org.libvirt.jna.StorageVolPointer;
import org.libvirt.jna.StreamPointer;

/**
 * libvirt's stream calls for holes ({@code virStreamSendHole}, {@code virStreamRecvFlags},
 * {@code virStreamRecvHole}), which libvirt-java 0.5.4 does not bind, called through JNA on
 * native pointers of the connection libvirt-java opened, with the few calls around them (a
 * stream, the volume's upload or download on it) so that every pointer is one this class owns.
 * A failed call throws a {@link BackendException} with libvirt's message.
 */
final class NativeStreams {
    /** {@code VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM} and {@code VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM}. */
    static final int SPARSE_STREAM = 1;
    /** {@code VIR_STREAM_RECV_STOP_AT_HOLE}. */
    static final int STOP_AT_HOLE = 1;
    /** What {@code virStreamRecvFlags} returns when a hole comes next. */
    static final int AT_HOLE = -3;

    /** The libvirt functions used here, from the same libvirt.so libvirt-java loads. */
    interface Api extends Library {
        StoragePoolPointer virStoragePoolLookupByUUIDString(ConnectionPointer connection, String uuid);

        StorageVolPointer virStorageVolLookupByName(StoragePoolPointer pool, String name);

        int virStoragePoolFree(StoragePoolPointer pool);

        int virStorageVolFree(StorageVolPointer volume);

        StreamPointer virStreamNew(ConnectionPointer connection, int flags);

        int virStorageVolUpload(StorageVolPointer volume, StreamPointer stream, long offset, long length, int flags);

        int virStorageVolDownload(StorageVolPointer volume, StreamPointer stream, long offset, long length,
                int flags);

        int virStreamSend(StreamPointer stream, Pointer data, long length);

        int virStreamSendHole(StreamPointer stream, long length, int flags);

        int virStreamRecvFlags(StreamPointer stream, Pointer data, long length, int flags);

        int virStreamRecvHole(StreamPointer stream, LongByReference length, int flags);

        int virStreamFinish(StreamPointer stream);

        int virStreamAbort(StreamPointer stream);

        int virStreamFree(StreamPointer stream);

        String virGetLastErrorMessage();

        int virGetLastErrorCode();
    }

    private final String uri;
    private final String pool;
    private final String volume;
    private final String operation;
    private final Api api;

    private NativeStreams(String uri, String pool, String volume, String operation, Api api) {
        this.uri = uri;
        this.pool = pool;
        this.volume = volume;
        this.operation = operation;
        this.api = api;
    }

    /**
     * The calls for {@code operation} on {@code volume} of {@code pool} at {@code uri}.
     *
     * @throws BackendException when the libvirt client library lacks the hole calls (before 3.4)
     */
    static NativeStreams of(String uri, String pool, String volume, String operation) {
        try {
            return new NativeStreams(uri, pool, volume, operation, Holder.API);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw Failures.failure(uri, operation, pool, volume, Existing.VOLUME, BackendFailure.NOT_SUPPORTED,
                    "this libvirt client library cannot send or receive holes (virStreamSendHole came in 3.4);"
                            + " transfer without sparse, or update libvirt", e);
        }
    }

    private static final class Holder {
        static final Api API = Native.load("virt", Api.class);
    }

    /** The volume named {@code volume} in the pool {@code poolUuid}; free it with {@link #free(StorageVolPointer)}. */
    StorageVolPointer lookup(ConnectionPointer connection, String poolUuid) {
        StoragePoolPointer p = api.virStoragePoolLookupByUUIDString(connection, poolUuid);
        if (p == null) {
            throw failure("virStoragePoolLookupByUUIDString");
        }
        try {
            StorageVolPointer v = api.virStorageVolLookupByName(p, volume);
            if (v == null) {
                throw failure("virStorageVolLookupByName");
            }
            return v;
        } finally {
            api.virStoragePoolFree(p);
        }
    }

    void free(StorageVolPointer v) {
        if (v != null) {
            api.virStorageVolFree(v);
        }
    }

    /** A new blocking stream on {@code connection}. */
    StreamPointer newStream(ConnectionPointer connection) {
        StreamPointer s = api.virStreamNew(connection, 0);
        if (s == null) {
            throw failure("virStreamNew");
        }
        return s;
    }

    /** Starts a sparse upload of {@code length} bytes from the start of the volume on {@code stream}. */
    void startUpload(StorageVolPointer v, StreamPointer stream, long length) {
        check(api.virStorageVolUpload(v, stream, 0, length, SPARSE_STREAM), "virStorageVolUpload");
    }

    /** Starts a sparse download of the whole volume on {@code stream}. */
    void startDownload(StorageVolPointer v, StreamPointer stream) {
        check(api.virStorageVolDownload(v, stream, 0, 0, SPARSE_STREAM), "virStorageVolDownload");
    }

    /** Sends all {@code length} bytes at {@code data}. */
    void send(StreamPointer stream, Pointer data, int length) {
        int done = 0;
        while (done < length) {
            int n = api.virStreamSend(stream, data.share(done), length - done);
            if (n <= 0) {
                throw failure("virStreamSend");
            }
            done += n;
        }
    }

    /** Sends a hole of {@code length} bytes. */
    void sendHole(StreamPointer stream, long length) {
        check(api.virStreamSendHole(stream, length, 0), "virStreamSendHole");
    }

    /**
     * Receives up to {@code length} bytes into {@code data}, stopping at a hole.
     *
     * @return the bytes received, 0 at the end, or {@link #AT_HOLE} when a hole comes next
     */
    int receive(StreamPointer stream, Pointer data, int length) {
        int n = api.virStreamRecvFlags(stream, data, length, STOP_AT_HOLE);
        if (n < 0 && n != AT_HOLE) {
            throw failure("virStreamRecvFlags");
        }
        return n;
    }

    /** The length of the hole that comes next. */
    long receiveHole(StreamPointer stream) {
        LongByReference length = new LongByReference();
        check(api.virStreamRecvHole(stream, length, 0), "virStreamRecvHole");
        if (length.getValue() < 0) {
            throw Failures.failure(uri, operation, pool, volume, Existing.VOLUME, BackendFailure.FAILED,
                    "libvirt announced a hole of " + length.getValue() + " bytes", null);
        }
        return length.getValue();
    }

    /** Completes the transfer: libvirt reports here what failed on its side. */
    void finish(StreamPointer stream) {
        check(api.virStreamFinish(stream), "virStreamFinish");
    }

    /** Aborts the stream (when {@code finished} is false) and frees it; null and failures are ignored. */
    void close(StreamPointer stream, boolean finished) {
        if (stream != null) {
            if (!finished) {
                api.virStreamAbort(stream);
            }
            api.virStreamFree(stream);
        }
    }

    private void check(int result, String call) {
        if (result < 0) {
            throw failure(call);
        }
    }

    private BackendException failure(String call) {
        String said = api.virGetLastErrorMessage();
        int code = api.virGetLastErrorCode();
        Error.ErrorNumber[] numbers = Error.ErrorNumber.values();
        BackendFailure kind = Failures.kind(code > 0 && code < numbers.length ? numbers[code] : null);
        String text = said == null || said.isBlank() ? "libvirt gave no reason (" + call + ")"
                : said.contains(call) ? said.strip() : said.strip() + " (" + call + ")";
        return Failures.failure(uri, operation, pool, volume, Existing.VOLUME, kind, text, null);
    }
}
