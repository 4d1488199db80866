package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuestLineTest {
    @Test
    void reportLines_areFoundAmongKernelMessages_byShareIndex() {
        List<String> console = List.of(
                "[    0.000000] Linux version 6.1.0-56-amd64",
                "VIRTSHARE-PROBE-BOOTED",
                "VIRTSHARE-PROBE {\"share\":0,\"mounted\":true,\"read\":\"host-ab12\",\"wrote\":true,\"error\":\"\"}\r",
                "[    3.1] 9pnet: Installing 9P2000 support VIRTSHARE-PROBE {\"share\":1,\"mounted\":false,\"read\":\"\","
                        + "\"wrote\":false,\"error\":\"mount: No such device \"}",
                "VIRTSHARE-PROBE-DONE");

        Map<Integer, GuestLine> lines = GuestLine.parse(console);

        assertThat(lines).containsOnlyKeys(0, 1);
        assertThat(lines.get(0)).isEqualTo(new GuestLine(0, true, "host-ab12", true, ""));
        assertThat(lines.get(1)).isEqualTo(new GuestLine(1, false, "", false, "mount: No such device"));
    }

    @Test
    void throughputTimes_areRead_andNegativeOrMissingOnesMeanNotMeasured() {
        assertThat(GuestLine.parseLine("VIRTSHARE-PROBE {\"share\":0,\"mounted\":true,\"read\":\"r\",\"wrote\":true,"
                + "\"readCs\":130,\"writeCs\":351,\"error\":\"\"}")).hasValueSatisfying(l -> {
                    assertThat(l.readCentis()).isEqualTo(130);
                    assertThat(l.writeCentis()).isEqualTo(351);
                });
        assertThat(GuestLine.parseLine("VIRTSHARE-PROBE {\"share\":0,\"mounted\":true,\"wrote\":true,\"readCs\":-1}"))
                .hasValueSatisfying(l -> assertThat(l.readCentis()).isEqualTo(-1));
        assertThat(GuestLine.parseLine("VIRTSHARE-PROBE {\"share\":0,\"mounted\":true,\"wrote\":true,\"readCs\":\"x\"}"))
                .hasValueSatisfying(l -> assertThat(l.readCentis()).isEqualTo(-1));
    }

    @Test
    void theLastLineOfAShareWins() {
        Map<Integer, GuestLine> lines = GuestLine.parse(List.of(
                "VIRTSHARE-PROBE {\"share\":0,\"mounted\":false,\"read\":\"\",\"wrote\":false,\"error\":\"x\"}",
                "VIRTSHARE-PROBE {\"share\":0,\"mounted\":true,\"read\":\"r\",\"wrote\":true,\"error\":\"\"}"));

        assertThat(lines.get(0).mounted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "VIRTSHARE-PROBE {\"share\":0,\"mounted\":tru",
        "VIRTSHARE-PROBE [1,2]",
        "VIRTSHARE-PROBE {\"share\":\"0\",\"mounted\":true,\"wrote\":true}",
        "VIRTSHARE-PROBE {\"share\":-1,\"mounted\":true,\"wrote\":true}",
        "VIRTSHARE-PROBE {\"share\":0,\"mounted\":\"yes\",\"wrote\":true}",
        "VIRTSHARE-PROBE {\"share\":0,\"wrote\":true}",
        "VIRTSHARE-PROBE ",
        "no report here"})
    void malformedLines_areIgnored(String line) {
        assertThat(GuestLine.parseLine(line)).isEmpty();
    }

    @Test
    void oversizedLines_areIgnored() {
        String line = "VIRTSHARE-PROBE {\"share\":0,\"mounted\":true,\"read\":\"" + "a".repeat(GuestLine.MAX_LINE)
                + "\",\"wrote\":true,\"error\":\"\"}";

        assertThat(GuestLine.parseLine(line)).isEmpty();
    }
}
