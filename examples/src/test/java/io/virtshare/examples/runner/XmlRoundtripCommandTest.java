package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlRoundtripCommandTest {
    private static final String POOL = """
            <pool type='netfs' xmlns:fs='http://libvirt.org/schemas/storagepool/fs/1.0'>
              <name>virtimages</name>
              <source>
                <host name='nfs.example.com'/>
                <dir path='/var/lib/virt/images'/>
                <format type='nfs'/>
                <future-thing level='3'/>
              </source>
              <target><path>/var/lib/virt/images</path></target>
              <fs:mount_opts><fs:option name='sync'/></fs:mount_opts>
            </pool>
            """;
    private static final String VOLUME = """
            <volume><name>disk.qcow2</name><capacity unit='G'>10</capacity>
              <target><format type='qcow2'/></target></volume>
            """;

    @TempDir
    Path dir;

    private final RunnerCapture capture = new RunnerCapture();

    private int run(String... args) {
        return capture.run(args);
    }

    private String stdout() {
        return capture.stdout();
    }

    private String stderr() {
        return capture.stderr();
    }

    @Test
    void oneFile_isWrittenBackToStdoutWithUnknownXmlKept() throws IOException {
        Path pool = Files.writeString(dir.resolve("pool.xml"), POOL);

        assertThat(run("xml", "roundtrip", pool.toString())).as(stderr()).isZero();

        XmlCodec codec = XmlCodec.defaults();
        assertThat(codec.readPool(stdout())).isEqualTo(codec.readPool(POOL));
        assertThat(stdout()).contains("future-thing", "fs:mount_opts", "name='sync'");
    }

    @Test
    void severalFiles_areWrittenToOutDirWithAJsonList() throws IOException {
        Path pool = Files.writeString(dir.resolve("pool.xml"), POOL);
        Path volume = Files.writeString(dir.resolve("vol.xml"), VOLUME);
        Path outDir = dir.resolve("out");

        assertThat(run("xml", "roundtrip", "--out", outDir.toString(), pool.toString(), volume.toString()))
                .as(stderr()).isZero();

        JsonNode result = capture.json();
        assertThat(result.findValuesAsText("kind")).containsExactly("pool", "volume");
        assertThat(XmlCodec.defaults().readVolume(Files.readString(outDir.resolve("vol.xml"))).capacity())
                .hasValueSatisfying(c -> assertThat(c.bytes()).isEqualTo(10L << 30));
        assertThat(outDir.resolve("pool.xml")).isRegularFile();
    }

    @Test
    void severalFiles_withoutOut_isAUsageError() throws IOException {
        Path pool = Files.writeString(dir.resolve("pool.xml"), POOL);

        assertThat(run("xml", "roundtrip", pool.toString(), pool.toString())).isEqualTo(2);
        assertThat(stderr()).contains("add --out DIR").contains("usage:");
    }

    @Test
    void malformedFile_isAUserErrorNamingFileLineAndColumn_andNothingIsWritten() throws IOException {
        Path good = Files.writeString(dir.resolve("good.xml"), POOL);
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<pool type='dir'>\n  <name>x</nam>\n</pool>");
        Path outDir = dir.resolve("out");

        assertThat(run("xml", "roundtrip", "--out", outDir.toString(), good.toString(), bad.toString()))
                .isEqualTo(1);

        assertThat(stderr().strip()).startsWith("error: " + bad + ":2:").doesNotContain("\n");
        assertThat(outDir).doesNotExist();
        assertThat(capture.stdout()).isEmpty();
    }

    @Test
    void documentOfAnotherKind_isRefusedWithWhatIsRead() throws IOException {
        Path network = Files.writeString(dir.resolve("net.xml"), "<network><name>default</name></network>");

        assertThat(run("xml", "roundtrip", network.toString())).isEqualTo(1);
        assertThat(stderr()).contains("<network> is not one the codec models").contains("<pool>, <volume>");
    }

    @Test
    void dtd_isRefused() throws IOException {
        Path xxe = Files.writeString(dir.resolve("xxe.xml"), "<?xml version='1.0'?><!DOCTYPE p [<!ENTITY x SYSTEM"
                + " 'file:///etc/passwd'>]><pool type='dir'><name>&x;</name></pool>");

        assertThat(run("xml", "roundtrip", xxe.toString())).isEqualTo(1);
        assertThat(stderr()).contains("DTD").doesNotContain("root:");
    }

    @Test
    void missingFile_isAUserError() {
        assertThat(run("xml", "roundtrip", dir.resolve("nope.xml").toString())).isEqualTo(1);
        assertThat(stderr()).contains("is not a file");
    }

    @Test
    void noFile_isAUsageError() {
        assertThat(run("xml", "roundtrip")).isEqualTo(2);
        assertThat(stderr()).contains("at least one");
    }

}
