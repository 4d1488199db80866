package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitScriptTest {
    private static final GuestTask TASK = new GuestTask(0,
            "mkdir -p /mnt/data && mount -t 9p -o trans=virtio,version=9p2000.L,msize=524288 data /mnt/data",
            "/mnt/data", ".virtshare-probe-a-0.in", ".virtshare-probe-a-0.out", "guest-0011");

    @Test
    void script_insertsModulesInTheGivenOrder_beforeProbingAnyShare() {
        String script = InitScript.generate(List.of("virtio_ring.ko", "virtio.ko", "9p.ko"), List.of(TASK));

        assertThat(script).startsWith("#!/bin/busybox sh\n");
        int ring = script.indexOf("insmod /lib/modules/'virtio_ring.ko'");
        int virtio = script.indexOf("insmod /lib/modules/'virtio.ko'");
        int ninep = script.indexOf("insmod /lib/modules/'9p.ko'");
        int probe = script.indexOf("\nprobe 0 ");
        assertThat(ring).isPositive().isLessThan(virtio);
        assertThat(virtio).isLessThan(ninep);
        assertThat(ninep).isLessThan(probe);
    }

    @Test
    void eachShareIsProbedWithItsMountCommand_thenTheGuestReportsDoneAndPowersOff() {
        String script = InitScript.generate(List.of(), List.of(TASK));

        assertThat(script).contains("probe 0 'mkdir -p /mnt/data && mount -t 9p -o"
                + " trans=virtio,version=9p2000.L,msize=524288 data /mnt/data' '/mnt/data' '.virtshare-probe-a-0.in'"
                + " '.virtshare-probe-a-0.out' 'guest-0011' 'none' 0\n");
        assertThat(script).contains("echo \"VIRTSHARE-PROBE {\\\"share\\\":$index,");
        assertThat(script).endsWith("echo " + InitScript.DONE + "\nsync\npoweroff -f\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "it's", "a b", "$(reboot)", "`x`", "'; poweroff -f; '", "\\n"})
    void quote_givesTheShellExactlyTheValue(String value) {
        CommandResult run = CommandRunner.run(Duration.ofSeconds(10),
                List.of("/bin/sh", "-c", "printf '%s' " + InitScript.quote(value)));

        assertThat(run.succeeded()).as(run.describe()).isTrue();
        assertThat(run.stdout()).isEqualTo(value);
    }

    @Test
    void aMountPointTheScriptCannotCarry_isRefused() {
        assertThatThrownBy(() -> new GuestTask(0, "mount x", "/mnt/a b", "in", "out", "text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("guest mount point '/mnt/a b' has characters");
    }

    @Test
    void aThroughputTask_passesItsFileAndSize_andTheReportCarriesTheTimes() {
        GuestTask bench = new GuestTask(1, "mount x", "/mnt/x", "in", "out", "text", ".virtshare-probe-n.bench", 256);

        String script = InitScript.generate(List.of(), List.of(bench));

        assertThat(script).contains("probe 1 'mount x' '/mnt/x' 'in' 'out' 'text' '.virtshare-probe-n.bench' 256\n");
        assertThat(script).contains("\\\"readCs\\\":$readcs,\\\"writeCs\\\":$writecs");
        assertThat(script).contains("conv=fsync").contains("echo 3 > /proc/sys/vm/drop_caches");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"123.45 0.00, 12345", "0.08 1.00, 8", "9.09 2.00, 909", "10.90 1, 1090"})
    void stamp_turnsUptimeIntoCentiseconds_withoutOctalTraps(String uptime, long centis,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path fake = java.nio.file.Files.writeString(dir.resolve("uptime"), uptime + "\n");
        String script = InitScript.generate(List.of(), List.of());
        String stamp = script.lines().filter(l -> l.startsWith("stamp()")).findFirst().orElseThrow()
                .replace("/proc/uptime", fake.toString());

        CommandResult run = CommandRunner.run(Duration.ofSeconds(10), List.of("/bin/sh", "-c", stamp + "\nstamp"));

        assertThat(run.succeeded()).as(run.describe()).isTrue();
        assertThat(run.stdout().strip()).isEqualTo(Long.toString(centis));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "8+0 records in;8+0 records out;8388608 bytes (8.0MB) copied| 0|",
            "3+0 records in;3+0 records out;3145728 bytes (3.0MB) copied| 1|moved only 3+0 records in of 8 MiB",
            "8+0 records in;7+1 records out| 1|moved only 8+0 records in of 8 MiB"})
    void aThroughputRunThatMovedLessThanAsked_isAnError_notAFastResult(String ddOutput, int status, String error,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path err = java.nio.file.Files.writeString(dir.resolve("dd.err"), ddOutput.replace(';', '\n'));
        String script = InitScript.generate(List.of(), List.of());
        String whole = script.substring(script.indexOf("whole() {"), script.indexOf("bench() {"))
                .replace("/tmp/dd.err", err.toString());

        CommandResult run = CommandRunner.run(Duration.ofSeconds(10),
                List.of("/bin/sh", "-c", whole + "\nbenchmib=8; whole; s=$?; echo $s; cat " + err));

        assertThat(run.stdout().lines().findFirst()).as(run.describe()).hasValue(Integer.toString(status));
        if (error != null) {
            assertThat(run.stdout()).contains(error);
        }
    }

    @Test
    void theScriptIsValidShell() {
        String script = InitScript.generate(List.of("fuse.ko", "virtiofs.ko"), List.of(TASK));

        CommandResult syntax = CommandRunner.run(Duration.ofSeconds(10), List.of("/bin/sh", "-n", "-c", script));

        assertThat(syntax.succeeded()).as(syntax.describe()).isTrue();
    }
}
