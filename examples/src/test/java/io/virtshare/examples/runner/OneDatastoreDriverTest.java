package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code one-datastore} driver in this JVM: parsing oned's data and the exit codes. */
class OneDatastoreDriverTest {
    @TempDir
    Path dir;

    private record Outcome(int exit, String stdout, String stderr) {
    }

    private Outcome run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OneDatastoreDriver.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    private String data(String image, String template) {
        return base64("<DS_DRIVER_ACTION_DATA><IMAGE><ID>4</ID>" + image + "</IMAGE><DATASTORE><ID>100</ID>"
                + "<BASE_PATH>" + dir.resolve("ds") + "</BASE_PATH><TEMPLATE>" + template + "</TEMPLATE></DATASTORE>"
                + "</DS_DRIVER_ACTION_DATA>");
    }

    @Test
    void decode_readsImageAndDatastoreValues_fromCdataToo() {
        OneActionData data = OneActionData.decode(base64("<DS_DRIVER_ACTION_DATA><IMAGE><ID>4</ID>"
                + "<PATH><![CDATA[/var/tmp/m]]></PATH><SOURCE>/x/4</SOURCE></IMAGE><DATASTORE><ID>100</ID>"
                + "<BASE_PATH>/var/lib/one//datastores/100/</BASE_PATH><TM_MAD>dummy</TM_MAD><TEMPLATE>"
                + "<SAFE_DIRS><![CDATA[/var/tmp /data]]></SAFE_DIRS><LIMIT_MB>10</LIMIT_MB></TEMPLATE></DATASTORE>"
                + "</DS_DRIVER_ACTION_DATA>"));

        assertThat(data.imageId()).contains("4");
        assertThat(data.imagePath()).contains("/var/tmp/m");
        assertThat(data.imageSource()).contains("/x/4");
        assertThat(data.basePath()).isEqualTo(Path.of("/var/lib/one/datastores/100"));
        assertThat(data.safeDirs()).contains("/var/tmp /data");
        assertThat(data.limitMb()).contains("10");
        assertThat(data.restrictedDirs()).isEmpty();
    }

    @Test
    void decode_withoutBasePath_explainsWhatIsMissing() {
        assertThatThrownBy(() -> OneActionData.decode(base64("<DS_DRIVER_ACTION_DATA><DATASTORE><ID>1</ID>"
                + "</DATASTORE></DS_DRIVER_ACTION_DATA>")))
                .isInstanceOf(OneDriverException.class)
                .hasMessageContaining("has no DATASTORE/BASE_PATH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative/ds", "/"})
    void decode_withBasePathThatCannotHoldImages_isRefused(String basePath) {
        assertThatThrownBy(() -> OneActionData.decode(base64("<DS_DRIVER_ACTION_DATA><DATASTORE><BASE_PATH>"
                + basePath + "</BASE_PATH></DATASTORE></DS_DRIVER_ACTION_DATA>")))
                .isInstanceOf(OneDriverException.class)
                .hasMessageContaining("is not an absolute directory below /");
    }

    @Test
    void decode_ofTooMuchData_isRefusedBeforeDecoding() {
        String huge = "A".repeat(OneActionData.MAX_BASE64_CHARS + 4);

        assertThatThrownBy(() -> OneActionData.decode(huge)).isInstanceOf(OneDriverException.class)
                .hasMessageContaining("is larger than " + OneActionData.MAX_BASE64_CHARS + " base64 characters");
    }

    @Test
    void decode_ofNonUtf8_isRefused() {
        String latin1 = Base64.getEncoder().encodeToString(new byte[] {'<', 'A', '>', (byte) 0xE9, '<', '/', 'A', '>'});

        assertThatThrownBy(() -> OneActionData.decode(latin1)).isInstanceOf(OneDriverException.class)
                .hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void run_withoutKindOrAction_isAUsageError() {
        Outcome outcome = run("", "sharedfs");

        assertThat(outcome.exit()).isEqualTo(ExamplesRunner.USAGE_ERROR);
        assertThat(outcome.stderr()).startsWith("ERROR: usage: one-datastore sharedfs|virtiofs ACTION");
    }

    @Test
    void run_withUnknownKind_isAUsageError() {
        Outcome outcome = run("", "ceph", "cp", "1");

        assertThat(outcome.exit()).isEqualTo(ExamplesRunner.USAGE_ERROR);
        assertThat(outcome.stderr()).contains("the datastore kind is sharedfs or virtiofs, not 'ceph'");
    }

    @Test
    void run_ofUnknownAction_isRefusedAsNotSupported() {
        Outcome outcome = run(data("", ""), "sharedfs", "resize", "4");

        assertThat(outcome.exit()).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(outcome.stderr().lines().toList()).hasSize(2).allMatch(l -> l.contains(
                "resize is not supported by this datastore (sharedfs): its images are directory trees, which have"
                        + " no such action"));
    }

    @Test
    void run_ofCpWithoutPath_explainsIt() {
        Outcome outcome = run(data("", ""), "sharedfs", "cp", "4");

        assertThat(outcome.exit()).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(outcome.stderr()).contains("cp needs IMAGE/PATH in DS_DRIVER_ACTION_DATA");
        assertThat(outcome.stdout()).isEmpty();
    }

    @Test
    void run_ofMonitorWithBadLimit_explainsIt() {
        Outcome outcome = run(data("", "<LIMIT_MB>lots</LIMIT_MB>"), "sharedfs", "monitor", "4");

        assertThat(outcome.exit()).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(outcome.stderr()).contains("LIMIT_MB = \"lots\" is not a whole number of MB");
    }

    @Test
    void run_ofStatOfFile_answersItsMegabytes() throws Exception {
        Path file = Files.write(Files.createDirectories(dir.resolve("safe")).resolve("w.bin"), new byte[(1 << 20) + 1]);

        Outcome outcome = run(data("<PATH>" + file + "</PATH>", "<SAFE_DIRS>" + dir.resolve("safe")
                + "</SAFE_DIRS>"), "sharedfs", "stat", "4");

        assertThat(outcome.exit()).as(outcome.stderr()).isZero();
        assertThat(outcome.stdout()).isEqualTo("2\n");
    }

    @Test
    void logText_neverStartsWithADigit_asOnedWouldTakeItForAnObjectId() {
        assertThat(OneDriverLog.text("3 files copied")).isEqualTo("- 3 files copied");
        assertThat(OneDriverLog.text("copied\n  3 files")).isEqualTo("copied 3 files");
    }

    @Test
    void megabytes_roundUp() {
        assertThat(OneDatastoreActions.megabytes(0)).isZero();
        assertThat(OneDatastoreActions.megabytes(1)).isEqualTo(1);
        assertThat(OneDatastoreActions.megabytes(1 << 20)).isEqualTo(1);
        assertThat(OneDatastoreActions.megabytes((1 << 20) + 1)).isEqualTo(2);
    }
}
