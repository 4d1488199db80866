package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vhdx whose log holds changes QEMU would write in when it opens the file, told as QEMU tells
 * it: every case is checked against what this host's qemu-img does with the same file.
 */
class VhdxLogTest {
    private static final int LOG = 1 << 20;   // where qemu-img puts the log, and its length

    @TempDir
    Path tmp;

    private static Optional<String> pending(Path image) throws IOException {
        try (FileChannel file = FileChannel.open(image)) {
            return VhdxLog.pending(ImageBytes.of(file));
        }
    }

    private static CommandResult qemuImg(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        return CommandRunner.run(Duration.ofSeconds(60), command);
    }

    /** Whether qemu-img opens the file read-only, as a guest's read-only disk would be opened. */
    private static CommandResult opensReadOnly(Path image) {
        return qemuImg("info", "-f", "vhdx", image.toString());
    }

    private static Path edit(Path image, java.util.function.Consumer<ByteBuffer> change) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(image)).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(bytes);
        return Files.write(image, bytes.array());
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void aVhdxAsQemuImgMakesIt_hasNoLogToReplay() throws IOException {
        Path image = DifferencingImages.dynamic(tmp, "vhdx", "clean.vhdx");

        assertThat(pending(image)).isEmpty();
        assertThat(opensReadOnly(image).exitCode()).isZero();
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void aVhdxWithAnEntryToReplay_isPending_asQemuRefusesToOpenItReadOnly() throws IOException {
        Path image = DifferencingImages.vhdxWithLog(tmp, "crashed.vhdx", false);

        assertThat(pending(image)).hasValue(DifferencingImages.LOG_GUID);
        CommandResult info = opensReadOnly(image);
        assertThat(info.exitCode()).as(info.describe()).isNotZero();
        assertThat(info.describe()).contains("log that needs to be replayed");
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void anEntryThatMakesTheDiskDifferencing_isSeenOnlyOnceQemuHasWrittenItIn() throws IOException {
        Path image = DifferencingImages.vhdxWithLog(tmp, "crashed.vhdx", true);
        byte[] head = Files.readAllBytes(image);
        assertThat(DifferencingDisks.of(head, ImageFormats.HEAD, ImageBytes.of(head)))
                .as("the file's own metadata says: no parent").isEmpty();
        assertThat(pending(image)).hasValue(DifferencingImages.LOG_GUID);

        CommandResult replayed = qemuImg("check", "-r", "all", "-f", "vhdx", image.toString());

        byte[] after = Files.readAllBytes(image);
        assertThat(pending(image)).as(replayed.describe()).isEmpty();
        assertThat(DifferencingDisks.of(after, ImageFormats.HEAD, ImageBytes.of(after)))
                .as("once QEMU wrote the log in").hasValueSatisfying(d -> assertThat(d.openedWithoutParent()).isFalse());
        assertThat(opensReadOnly(image).exitCode()).as("QEMU refuses the differencing disk it made of it").isNotZero();
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void anEntryWrittenInByQemu_leavesNothingPending_andTheDiskOpens() throws IOException {
        Path image = DifferencingImages.vhdxWithLog(tmp, "crashed.vhdx", false);

        CommandResult replayed = qemuImg("check", "-r", "all", "-f", "vhdx", image.toString());

        assertThat(replayed.exitCode()).as(replayed.describe()).isZero();
        assertThat(pending(image)).isEmpty();
        assertThat(opensReadOnly(image).exitCode()).isZero();
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void aLogGuidWithoutAValidEntry_isNotPending_asQemuOpensIt() throws IOException {
        Path noEntry = edit(DifferencingImages.vhdxWithLog(tmp, "a.vhdx", true), b -> b.putInt(LOG, 0));
        Path badChecksum = edit(DifferencingImages.vhdxWithLog(tmp, "b.vhdx", true),
                b -> b.put(LOG + 5000, (byte) (b.get(LOG + 5000) ^ 1)));
        Path otherGuid = edit(DifferencingImages.vhdxWithLog(tmp, "c.vhdx", true), b -> {
            b.put(LOG + 40, (byte) (b.get(LOG + 40) ^ 1));
            b.putInt(LOG + 4, 0).putInt(LOG + 4, DifferencingImages.crc32c(b, LOG, 8192));
        });
        Path badLength = edit(DifferencingImages.vhdxWithLog(tmp, "d.vhdx", true), b -> {
            b.putInt(LOG + 8, 8192 + 100);
            b.putInt(LOG + 4, 0).putInt(LOG + 4, DifferencingImages.crc32c(b, LOG, 8192));
        });

        for (Path image : List.of(noEntry, badChecksum, otherGuid, badLength)) {
            assertThat(pending(image)).as(image.getFileName().toString()).isEmpty();
            assertThat(opensReadOnly(image).exitCode()).as(image.getFileName().toString()).isZero();
        }
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void theHeaderQemuUses_decides_theValidOneWithTheHigherSequence() throws IOException {
        Path image = DifferencingImages.vhdxWithLog(tmp, "crashed.vhdx", true);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(image)).order(ByteOrder.LITTLE_ENDIAN);
        int current = Long.compareUnsigned(bytes.getLong(128 * 1024 + 8), bytes.getLong(64 * 1024 + 8)) > 0
                ? 128 * 1024 : 64 * 1024;
        int other = current == 64 * 1024 ? 128 * 1024 : 64 * 1024;

        Path otherCurrent = edit(Files.copy(image, tmp.resolve("other.vhdx")), b -> {
            b.putLong(other + 8, b.getLong(current + 8) + 1);   // the clean header is newer now
            b.putInt(other + 4, 0).putInt(other + 4, DifferencingImages.crc32c(b, other, 4096));
        });
        Path currentBroken = edit(Files.copy(image, tmp.resolve("broken.vhdx")),
                b -> b.put(current + 4, (byte) (b.get(current + 4) ^ 1)));

        assertThat(pending(otherCurrent)).isEmpty();
        assertThat(opensReadOnly(otherCurrent).exitCode()).isZero();
        assertThat(pending(currentBroken)).isEmpty();
        assertThat(opensReadOnly(currentBroken).exitCode()).isZero();
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void hostileHeadersAndLogs_neverThrow_andReadBoundedly() throws IOException {
        byte[] crashed = Files.readAllBytes(DifferencingImages.vhdxWithLog(tmp, "crashed.vhdx", true));
        for (int length = 0; length < crashed.length; length += length < 140_000 ? 997 : 65_537) {
            byte[] cut = Arrays.copyOf(crashed, length);
            assertThatCode(() -> VhdxLog.pending(ImageBytes.of(cut))).doesNotThrowAnyException();
        }
        Random random = new Random(29);
        int[] fields = {64 * 1024, 128 * 1024, LOG};
        for (int i = 0; i < 3_000; i++) {
            byte[] mutated = crashed.clone();
            int base = fields[random.nextInt(fields.length)];
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                mutated[base + random.nextInt(96)] = (byte) random.nextInt(256);
            }
            long[] read = {0};
            ImageBytes counted = (offset, length) -> {
                read[0] += Math.max(0, length);
                assertThat(length).isLessThanOrEqualTo(64 * 1024);
                return ImageBytes.of(mutated).read(offset, length);
            };
            assertThatCode(() -> VhdxLog.pending(counted)).doesNotThrowAnyException();
            assertThat(read[0]).isLessThanOrEqualTo(2L * VhdxLog.CHECKSUM_BUDGET + (5L << 30));
        }
    }

    @Test
    void aLogOfFourGibibytesOfEntries_isCheckedWithinItsBudget_andCountsAsPending() throws IOException {
        byte[] header = new byte[4096];
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 0x64616568).putLong(8, 1).put(48, VhdxMetadata.guid(DifferencingImages.LOG_GUID))
                .putInt(68, -(1 << 20)).putLong(72, 1 << 20);   // a log of 4 GiB less 1 MiB
        h.putInt(4, DifferencingImages.crc32c(h, 0, 4096));
        byte[] sector = new byte[4096];
        ByteBuffer s = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        s.putInt(0, 0x65676f6c).putInt(8, 1 << 30).put(32, VhdxMetadata.guid(DifferencingImages.LOG_GUID));
        long[] read = {0};
        ImageBytes file = (offset, length) -> {
            read[0] += length;
            if (offset == 64 * 1024) {
                return header.clone();
            }
            if (offset < 1 << 20) {
                return new byte[0];
            }
            byte[] chunk = new byte[length];   // every sector of the log starts an entry of 1 GiB
            for (int at = 0; at + 4096 <= length; at += 4096) {
                System.arraycopy(sector, 0, chunk, at, 4096);
            }
            return chunk;
        };

        assertThat(VhdxLog.pending(file)).hasValue(DifferencingImages.LOG_GUID);
        assertThat(read[0]).isLessThanOrEqualTo(VhdxLog.CHECKSUM_BUDGET + (1 << 20));
    }
}
