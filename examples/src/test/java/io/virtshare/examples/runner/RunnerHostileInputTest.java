package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.xml.XmlCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files and flags a user hands the runner that are valid in odd ways, or hostile. */
class RunnerHostileInputTest {
    private static final String POOL = "<?xml version='1.0' encoding='UTF-8'?>\n<pool type='dir'>\n"
            + "  <name>caf\u00e9</name>\n  <target><path>/srv/p</path></target>\n</pool>\n";

    @TempDir
    Path tmp;

    private final RunnerCapture capture = new RunnerCapture();

    private int run(String... args) {
        capture.reset();
        return capture.run(args);
    }

    private static byte[] withPrefix(byte[] prefix, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    @Test
    void xmlRoundtrip_whenFileHasByteOrderMark_readsIt() throws IOException {
        Path utf8 = Files.write(tmp.resolve("bom8.xml"), withPrefix(new byte[] {(byte) 0xEF, (byte) 0xBB,
            (byte) 0xBF}, POOL.getBytes(StandardCharsets.UTF_8)));
        Path utf16 = Files.write(tmp.resolve("bom16.xml"), withPrefix(new byte[] {(byte) 0xFF, (byte) 0xFE},
                POOL.replace("UTF-8", "UTF-16").getBytes(StandardCharsets.UTF_16LE)));
        String expected = XmlCodec.defaults().roundTrip(POOL);

        for (Path file : new Path[] {utf8, utf16}) {
            assertThat(run("xml", "roundtrip", file.toString())).as(capture.stderr()).isZero();
            assertThat(capture.stdout()).isEqualTo(expected).contains("caf\u00e9");
        }
    }

    @Test
    void xmlRoundtrip_whenFileIsNotUtf8_namesFileOffsetAndLine() throws IOException {
        Path latin1 = Files.write(tmp.resolve("latin1.xml"), POOL.replace("encoding='UTF-8'", "")
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(run("xml", "roundtrip", latin1.toString())).isEqualTo(1);

        assertThat(capture.stderr().strip()).startsWith("error: " + latin1 + ":3:").contains("not valid UTF-8")
                .contains("byte 0xE9 at offset").contains("iconv").doesNotContain("Input length").doesNotContain("\n");
    }

    @Test
    void xmlRoundtrip_whenFileIsUtf16WithoutMark_saysHowToConvert() throws IOException {
        Path utf16 = Files.write(tmp.resolve("u16.xml"), POOL.replace("UTF-8", "UTF-16")
                .getBytes(StandardCharsets.UTF_16LE));

        assertThat(run("xml", "roundtrip", utf16.toString())).isEqualTo(1);

        assertThat(capture.stderr()).contains("UTF-16 without a byte-order mark", "iconv -f UTF-16 -t UTF-8")
                .doesNotContain("Input length");
    }

    @Test
    void xmlRoundtrip_whenOutDirHasPlantedLink_refusesAndLeavesItsTargetAlone() throws IOException {
        Path pool = Files.writeString(tmp.resolve("pool.xml"), POOL);
        Path volume = Files.writeString(tmp.resolve("vol.xml"), "<volume><name>v</name></volume>");
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.createSymbolicLink(out.resolve("vol.xml"), victim);

        assertThat(run("xml", "roundtrip", "--out", out.toString(), pool.toString(), volume.toString()))
                .isEqualTo(1);

        assertThat(capture.stderr().strip()).contains(out.resolve("vol.xml") + " is a symbolic link")
                .contains("never writes through links").doesNotContain("\n");
        assertThat(victim).hasContent("precious");
        assertThat(out.resolve("pool.xml")).doesNotExist();
        try (var listing = Files.list(out)) {
            assertThat(listing).containsExactly(out.resolve("vol.xml"));
        }
    }

    @Test
    void xmlRoundtrip_whenOutFileExists_replacesItWithoutFollowingAnything() throws IOException {
        Path pool = Files.writeString(tmp.resolve("pool.xml"), POOL);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path old = Files.writeString(out.resolve("pool.xml"), "old");
        Path hardLink = Files.createLink(tmp.resolve("other-name"), old);

        assertThat(run("xml", "roundtrip", "--out", out.toString(), pool.toString())).as(capture.stderr()).isZero();

        assertThat(XmlCodec.defaults().readPool(Files.readString(out.resolve("pool.xml"))).name()).hasValue("caf\u00e9");
        assertThat(hardLink).hasContent("old");
        try (var listing = Files.list(out)) {
            assertThat(listing).containsExactly(out.resolve("pool.xml"));
        }
    }

    @Test
    void domainXml_whenDomainFileIsNotUtf8OrTagHasControlCharacter_refusesWithOneLine() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/model"));
        Files.writeString(src.resolve("config.json"), "{}");
        Path ds = tmp.resolve("ds");
        assertThat(run("import", "--datastore", ds.toString(), "--safe-dirs", tmp.resolve("src").toString(),
                src.toString())).as(capture.stderr()).isZero();
        String id = capture.json().path("id").asText();
        Path domain = Files.write(tmp.resolve("vm.xml"), "<domain type='kvm'>\n<name>caf\u00e9</name></domain>"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(run("domain-xml", "--datastore", ds.toString(), id, "--domain", domain.toString())).isEqualTo(1);

        assertThat(capture.stderr().strip()).startsWith("error: " + domain + ":2:").contains("not valid UTF-8")
                .contains("byte 0xE9 at offset 29 (line 2)").doesNotContain("Input length").doesNotContain("\n");
        assertThat(capture.stdout()).isEmpty();

        assertThat(run("domain-xml", "--datastore", ds.toString(), id, "--tag", "a\u0001b")).isEqualTo(1);

        assertThat(capture.stderr().strip()).contains("attribute dir of <filesystem>/<target> holds U+0001")
                .doesNotContain("\n");
        assertThat(capture.stdout()).isEmpty();
    }

    @ParameterizedTest(name = "--limit-mb {0}")
    @ValueSource(strings = {"17592186044416", "9223372036854775807", "99999999999999999999"})
    void limitMb_whenBytesWouldOverflow_isRefusedAndTheTemplateKeptAsItWas(String limit) throws IOException {
        Path ds = tmp.resolve("ds");
        assertThat(run("list", "--datastore", ds.toString(), "--limit-mb", "5")).as(capture.stderr()).isZero();
        Path conf = ds.resolve(".virtshare/datastore.conf");
        String before = Files.readString(conf);

        assertThat(run("list", "--datastore", ds.toString(), "--limit-mb", limit)).isEqualTo(1);

        assertThat(capture.stderr().strip()).contains(limit + " is larger than any file system (at most "
                + "8796093022207 MB, 8 EiB)").doesNotContain("\n");
        assertThat(conf).hasContent(before);
    }

    @Test
    void limitMb_inTheTemplate_whenBytesWouldOverflow_isRefused() throws IOException {
        Path ds = tmp.resolve("ds");
        assertThat(run("list", "--datastore", ds.toString(), "--limit-mb", "5")).as(capture.stderr()).isZero();
        Path conf = ds.resolve(".virtshare/datastore.conf");
        Files.writeString(conf, Files.readString(conf).replace("\"5\"", "\"9223372036854775807\""));

        assertThat(run("list", "--datastore", ds.toString())).isEqualTo(1);

        assertThat(capture.stderr().strip()).contains("LIMIT_MB 9223372036854775807 is larger than any file system")
                .doesNotContain("\n");
    }
}
