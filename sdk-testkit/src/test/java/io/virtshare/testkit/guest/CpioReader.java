package io.virtshare.testkit.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a newc cpio archive back, strictly, for tests of {@link CpioWriter}. */
final class CpioReader {
    record Entry(String name, int mode, int rdevMajor, int rdevMinor, byte[] data) {
    }

    private CpioReader() {
    }

    static List<Entry> read(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        while (true) {
            byte[] header = in.readNBytes(110);
            if (header.length != 110) {
                throw new IOException("truncated header at " + offset);
            }
            String h = new String(header, StandardCharsets.US_ASCII);
            if (!h.startsWith(CpioWriter.MAGIC)) {
                throw new IOException("bad magic at " + offset + ": " + h.substring(0, 6));
            }
            long[] f = new long[13];
            for (int i = 0; i < 13; i++) {
                f[i] = Long.parseLong(h.substring(6 + i * 8, 14 + i * 8), 16);
            }
            int nameSize = (int) f[11];
            byte[] name = in.readNBytes(nameSize);
            offset += 110 + nameSize;
            offset += skipPad(in, offset);
            if (name[nameSize - 1] != 0) {
                throw new IOException("name not NUL-terminated");
            }
            String entryName = new String(name, 0, nameSize - 1, StandardCharsets.UTF_8);
            if (entryName.equals(CpioWriter.TRAILER)) {
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                in.transferTo(rest);
                if (rest.size() != 0) {
                    throw new IOException(rest.size() + " bytes after the trailer");
                }
                return entries;
            }
            byte[] data = in.readNBytes((int) f[6]);
            offset += data.length;
            offset += skipPad(in, offset);
            entries.add(new Entry(entryName, (int) f[1], (int) f[9], (int) f[10], data));
        }
    }

    private static int skipPad(InputStream in, long offset) throws IOException {
        int pad = (int) ((4 - offset % 4) % 4);
        byte[] zeros = in.readNBytes(pad);
        for (byte b : zeros) {
            if (b != 0) {
                throw new IOException("non-zero padding");
            }
        }
        return pad;
    }
}
