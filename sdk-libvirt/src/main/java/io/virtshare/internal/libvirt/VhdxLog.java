package io.virtshare.internal.libvirt;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Whether a vhdx file's log holds entries that QEMU would write into the file when it opens
 * it, found as QEMU finds them. A vhdx keeps metadata changes in a log first; after a crash the
 * log may hold changes not yet in place, and QEMU writes them in when it opens the file for
 * writing (and refuses to open it read-only). Until then the file's own metadata, which the
 * upload's checks read, is not what a guest would get: an entry may, for one, turn the disk
 * into a differencing disk.
 *
 * <p>The current header is the one of the two (at 64 and 128 KiB) with a valid signature and
 * CRC-32C and the higher sequence number. Its log is empty when its log GUID is zero or its
 * log has no length. Otherwise the log is searched, every 4 KiB, for an entry with the
 * {@code loge} signature, that GUID, a length of whole 4 KiB sectors within the log, and a
 * valid CRC-32C over that length (reading on from the log's start where the entry wraps, as
 * the log is circular). QEMU also checks the entry's descriptors and sequence numbers; an
 * entry that passes the checks here but not those would be refused here and not replayed by
 * QEMU, which errs on the safe side.
 *
 * <p>The header is untrusted input: every offset and length is range-checked, each read is at
 * most 64 KiB, and the bytes checksummed in one search are bounded ({@value #CHECKSUM_BUDGET}
 * bytes); a log that needs more is taken as holding entries.
 */
final class VhdxLog {
    static final long FIRST_HEADER = 64 * 1024;
    static final long SECOND_HEADER = 128 * 1024;
    static final int HEADER = 4096;
    static final int SECTOR = 4096;
    /** Bytes of entries checksummed in one search at most; a real log is a few MiB. */
    static final long CHECKSUM_BUDGET = 256L << 20;
    private static final int READ = 64 * 1024;
    private static final int HEAD_SIGNATURE = 0x64616568;   // "head"
    private static final int ENTRY_SIGNATURE = 0x65676f6c;   // "loge"
    private static final long MiB = 1 << 20;

    private VhdxLog() {
    }

    /**
     * The GUID of the log, when the log of the vhdx in {@code file} holds an entry that QEMU
     * would replay; empty when it holds none, or when the file has no valid header or log
     * layout (which QEMU refuses to open at all).
     */
    static Optional<String> pending(ImageBytes file) throws IOException {
        byte[] first = validHeader(file.read(FIRST_HEADER, HEADER));
        byte[] second = validHeader(file.read(SECOND_HEADER, HEADER));
        byte[] current = first == null ? second : second == null ? first
                : Long.compareUnsigned(ImageFormats.int64le(second, 8), ImageFormats.int64le(first, 8)) > 0
                        ? second : first;
        if (current == null) {
            return Optional.empty();
        }
        byte[] guid = Arrays.copyOfRange(current, 48, 64);
        int logVersion = (current[64] & 0xff) | (current[65] & 0xff) << 8;
        long logLength = ImageFormats.int32le(current, 68) & 0xffffffffL;
        long logOffset = ImageFormats.int64le(current, 72);
        if (isZero(guid) || logLength == 0 || logVersion != 0 || logLength % MiB != 0 || logOffset < MiB
                || logOffset % MiB != 0 || logOffset > Long.MAX_VALUE - logLength) {
            return Optional.empty();   // an empty log, or one QEMU refuses before it looks for entries
        }
        long[] budget = {CHECKSUM_BUDGET};
        for (long at = 0; at < logLength; at += READ) {
            byte[] chunk = file.read(logOffset + at, (int) Math.min(READ, logLength - at));
            for (int s = 0; s + 64 <= chunk.length; s += SECTOR) {
                if (ImageFormats.int32le(chunk, s) == ENTRY_SIGNATURE
                        && Arrays.equals(chunk, s + 32, s + 48, guid, 0, 16)
                        && validEntry(file, logOffset, logLength, at + s, chunk, s, budget)) {
                    return Optional.of(text(guid));
                }
            }
            if (chunk.length < Math.min(READ, logLength - at)) {
                break;   // the file ends within its log
            }
        }
        return Optional.empty();
    }

    /** {@code bytes} when they are a header with its signature and a valid checksum; null otherwise. */
    private static byte[] validHeader(byte[] bytes) {
        if (bytes.length < HEADER || ImageFormats.int32le(bytes, 0) != HEAD_SIGNATURE) {
            return null;
        }
        int stored = ImageFormats.int32le(bytes, 4);
        byte[] zeroed = bytes.clone();
        Arrays.fill(zeroed, 4, 8, (byte) 0);
        CRC32C crc = new CRC32C();
        crc.update(zeroed, 0, HEADER);
        return (int) crc.getValue() == stored ? bytes : null;
    }

    /**
     * Whether the entry whose header starts at {@code start} in the log (and at {@code s} in
     * {@code chunk}) has a whole number of sectors within the log and a valid checksum over
     * them. An entry whose checksum would overrun what is left of {@code budget} counts as valid.
     */
    private static boolean validEntry(ImageBytes file, long logOffset, long logLength, long start, byte[] chunk,
            int s, long[] budget) throws IOException {
        long length = ImageFormats.int32le(chunk, s + 8) & 0xffffffffL;
        if (length == 0 || length % SECTOR != 0 || length > logLength) {
            return false;
        }
        if (length > budget[0]) {
            return true;
        }
        budget[0] -= length;
        int stored = ImageFormats.int32le(chunk, s + 4);
        CRC32C crc = new CRC32C();
        long done = 0;
        while (done < length) {
            long in = (start + done) % logLength;   // the log is circular
            int want = (int) Math.min(READ, Math.min(length - done, logLength - in));
            byte[] part = file.read(logOffset + in, want);
            if (part.length < want) {
                return false;   // the entry lies beyond the end of the file
            }
            if (done == 0) {
                Arrays.fill(part, 4, 8, (byte) 0);
            }
            crc.update(part, 0, part.length);
            done += want;
        }
        return (int) crc.getValue() == stored;
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** A GUID as stored (its first three fields little-endian), in its usual text form. */
    private static String text(byte[] guid) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            low = low << 8 | (guid[8 + i] & 0xff);
        }
        high |= (ImageFormats.int32le(guid, 0) & 0xffffffffL) << 32;
        high |= ((guid[4] & 0xffL) | (guid[5] & 0xffL) << 8) << 16;
        high |= (guid[6] & 0xffL) | (guid[7] & 0xffL) << 8;
        return new UUID(high, low).toString();
    }
}
