package io.virtshare.testkit.hf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The bytes of one fake repository file: given, generated from a seed, or read from disk. */
sealed interface FileContent {
    long size();

    /** Fills {@code buf[0..len)} with the bytes at {@code offset}. */
    void read(long offset, byte[] buf, int len);

    /** Reads of one response: the file on disk stays open between chunks. */
    interface Reader extends AutoCloseable {
        void read(long offset, byte[] buf, int len);

        @Override
        void close();
    }

    /** A reader for one response (closes nothing, except for files on disk). */
    default Reader open() {
        return new Reader() {
            @Override
            public void read(long offset, byte[] buf, int len) {
                FileContent.this.read(offset, buf, len);
            }

            @Override
            public void close() {
            }
        };
    }

    record Bytes(byte[] data) implements FileContent {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public void read(long offset, byte[] buf, int len) {
            System.arraycopy(data, (int) offset, buf, 0, len);
        }
    }

    /** Pseudo-random bytes from a seed (splitmix64 per 8-byte word), any size, random access. */
    record Generated(long size, long seed) implements FileContent {
        @Override
        public void read(long offset, byte[] buf, int len) {
            int i = 0;
            while (i < len) {
                long pos = offset + i;
                long word = mix(seed + (pos >>> 3) * 0x9E3779B97F4A7C15L);
                int from = (int) (pos & 7);
                int n = Math.min(8 - from, len - i);
                for (int k = 0; k < n; k++) {
                    buf[i + k] = (byte) (word >>> ((from + k) * 8));
                }
                i += n;
            }
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    record OnDisk(Path file, long size) implements FileContent {
        @Override
        public void read(long offset, byte[] buf, int len) {
            try (Reader r = open()) {
                r.read(offset, buf, len);
            }
        }

        @Override
        public Reader open() {
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Reader() {
                @Override
                public void read(long offset, byte[] buf, int len) {
                    try {
                        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
                        while (bb.hasRemaining()) {
                            if (ch.read(bb, offset + bb.position()) < 0) {
                                throw new IOException(file + " shrank while it was served");
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void close() {
                    try {
                        ch.close();
                    } catch (IOException e) {
                        // read-only: nothing lost
                    }
                }
            };
        }
    }
}
