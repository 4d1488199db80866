package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.xml.XmlCodec;
import io.virtshare.xml.XmlParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The size range the codec takes is libvirt's: pools up to 2^64 - 1 bytes, volumes below
 * 2^63 bytes. Checked against virsh on the test driver, which parses as every driver does
 * and keeps nothing after the command (so there is nothing to clean up).
 */
@RequiresHost({HostTool.VIRSH, HostTool.VIRT_XML_VALIDATE})
class SizeRangeVirshIT {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    @TempDir
    Path tmp;

    private static CommandResult virsh(String commands) {
        return CommandRunner.run(Duration.ofSeconds(30), List.of("virsh", "-c", "test:///default", commands));
    }

    @Test
    void poolOfTheLargestSize_writtenByTheCodec_isDefinedByLibvirtAndValid() throws IOException {
        PoolSpec pool = CODEC.readPool("<pool type='dir'><name>vs-big</name>"
                + "<capacity unit='bytes'>18446744073709551615</capacity>"
                + "<available unit='E'>15</available><target><path>/tmp/vs-big</path></target></pool>");
        Path file = Files.writeString(tmp.resolve("pool.xml"), CODEC.writePool(pool));

        CommandResult defined = virsh("pool-define " + file);
        CommandResult valid = CommandRunner.run(Duration.ofSeconds(30), List.of("virt-xml-validate", file.toString(),
                "storagepool"));

        assertThat(Files.readString(file)).contains("<capacity unit='bytes'>18446744073709551615</capacity>");
        assertThat(defined.exitCode()).as(defined.stderr()).isZero();
        assertThat(valid.exitCode()).as(valid.stderr()).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"9223372036854775808, bytes", "8, E", "8192, PiB", "18446744073709551615, b"})
    void volumeOf2To63BytesOrMore_isRefusedByLibvirtAndTheCodec(String value, String unit) throws IOException {
        String xml = "<volume><name>big.img</name><capacity unit='" + unit + "'>" + value + "</capacity></volume>";
        Path file = Files.writeString(tmp.resolve("vol.xml"), xml);

        CommandResult created = virsh("vol-create default-pool " + file);

        assertThat(created.exitCode()).isNotZero();
        assertThat(created.stderr()).contains("value too large");
        assertThatThrownBy(() -> CODEC.readVolume(xml)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("libvirt refuses volume sizes of 2^63 bytes or more");
    }

    @Test
    void volumeJustBelow2To63Bytes_isReadByLibvirtAndTheCodec() throws IOException {
        String xml = "<volume><name>big.img</name><capacity unit='bytes'>9223372036854775807</capacity></volume>";
        Path file = Files.writeString(tmp.resolve("vol.xml"), xml);

        CommandResult created = virsh("vol-create default-pool " + file);

        // the test driver's pool is 100 GiB: libvirt reads the size and then finds no room for it
        assertThat(created.stderr()).doesNotContain("value too large").contains("Not enough free space");
        assertThat(CODEC.readVolume(xml).capacity()).hasValue(Size.ofBytes(Long.MAX_VALUE));
    }
}
