package io.virtshare.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tar stream that finishes fully read entries itself reads every archive as Commons
 * Compress's own stream does: the same entries with the same names, links and bytes, whatever
 * the sizes (padding or none), long names as PAX or GNU headers, entries left unread; a padding
 * cut short is a truncated archive; and an entry read to its end is finished without the
 * library's skip.
 */
class PaddingSkippingTarStreamTest {
    private record Seen(String name, String link, long size, byte[] data) {
    }

    /** An archive of files of many sizes around the 512-byte record, long names, links and directories. */
    private static byte[] archive(int longFileMode) throws IOException {
        Random random = new Random(longFileMode);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            tar.setLongFileMode(longFileMode);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry dir = new TarArchiveEntry("d/", TarConstants.LF_DIR, true);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            int[] sizes = {0, 1, 100, 511, 512, 513, 1023, 1024, 1025, 2048, 4095, 10_000, 65_537};
            for (int i = 0; i < sizes.length; i++) {
                String name = "d/" + (i % 3 == 0 ? "a-very-long-name-".repeat(8) : "f") + i;
                byte[] data = new byte[sizes[i]];
                random.nextBytes(data);
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry link = new TarArchiveEntry("d/link", TarConstants.LF_SYMLINK, true);
            link.setLinkName("a-very-long-target-".repeat(8));
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    /** Every entry of {@code tar}, read in full except every {@code unreadEvery}-th file (0: none left unread). */
    private static List<Seen> read(TarArchiveInputStream tar, int unreadEvery) throws IOException {
        List<Seen> seen = new ArrayList<>();
        int files = 0;
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            boolean read = !e.isFile() || unreadEvery == 0 || ++files % unreadEvery != 0;
            byte[] data = read ? tar.readAllBytes() : new byte[0];
            seen.add(new Seen(e.getName(), e.getLinkName(), e.getSize(), data));
        }
        return seen;
    }

    @ParameterizedTest
    @ValueSource(ints = {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU})
    void readsEveryEntryAsTheLibrarysStreamDoes(int longFileMode) throws IOException {
        byte[] archive = archive(longFileMode);

        for (int unreadEvery : new int[] {0, 2}) {
            List<Seen> expected = read(new TarArchiveInputStream(new ByteArrayInputStream(archive), "UTF-8"),
                    unreadEvery);
            List<Seen> actual = read(new TarEntrySource.PaddingSkippingTarStream(new ByteArrayInputStream(archive)),
                    unreadEvery);

            assertThat(actual).hasSize(expected.size()).hasSizeGreaterThan(10);
            for (int i = 0; i < expected.size(); i++) {
                Seen want = expected.get(i);
                Seen got = actual.get(i);
                assertThat(got.name()).isEqualTo(want.name());
                assertThat(got.link()).isEqualTo(want.link());
                assertThat(got.size()).isEqualTo(want.size());
                assertThat(got.data()).as(want.name()).isEqualTo(want.data());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 511})
    void paddingCutShort_isATruncatedArchive(int cut) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            TarArchiveEntry entry = new TarArchiveEntry("f");
            entry.setSize(1);
            tar.putArchiveEntry(entry);
            tar.write(7);
            tar.closeArchiveEntry();
        }
        // header (512) + one byte of data + part of its padding
        byte[] truncated = Arrays.copyOf(bytes.toByteArray(), 512 + 1 + (511 - cut));
        TarArchiveInputStream tar = new TarEntrySource.PaddingSkippingTarStream(new ByteArrayInputStream(truncated));
        assertThat(tar.getNextEntry().getName()).isEqualTo("f");
        assertThat(tar.readAllBytes()).containsExactly(7);

        assertThatThrownBy(tar::getNextEntry).isInstanceOf(IOException.class).hasMessageContaining("Truncated");
    }

    /**
     * The library skips what is left of an entry by reading it with Commons IO's skip buffer until
     * the end: the last of those reads asks for a whole 8 KiB buffer and gets the entry's end (-1).
     * A header's parsing reads with buffers of its own, the data loop below asks for what is left.
     */
    @ParameterizedTest
    @ValueSource(ints = {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU})
    void entryReadToItsEnd_isFinishedWithoutTheLibrarysSkip(int longFileMode) throws IOException {
        List<String> skips = new ArrayList<>();
        InputStream archive = new ByteArrayInputStream(archive(longFileMode));
        TarArchiveInputStream tar = new TarEntrySource.PaddingSkippingTarStream(archive) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n < 0 && length == org.apache.commons.io.IOUtils.DEFAULT_BUFFER_SIZE) {
                    skips.add(getCurrentEntry().getName());
                }
                return n;
            }
        };

        int entries = 0;
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            byte[] data = new byte[(int) e.getSize()];
            int have = 0;
            while (have < data.length) {
                have += tar.read(data, have, data.length - have);
            }
            entries++;
        }

        assertThat(entries).isGreaterThan(10);
        assertThat(skips).as("entries finished by the library's skip").isEmpty();
    }
}
