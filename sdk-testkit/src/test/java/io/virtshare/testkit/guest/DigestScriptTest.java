package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestScriptTest {
    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path dir;

    private static String hex(String name) {
        return HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void script_mountsTheTagReadOnly_walksTheTree_andPowersOff() {
        String script = DigestScript.generate(List.of("virtio_pci.ko", "virtiofs.ko"), "tree");

        assertThat(script).contains("insmod /lib/modules/'virtiofs.ko'", "mount -t virtiofs -o ro 'tree' /mnt/image",
                "find . -type f -exec sh -c", "xxd -p", "sha256sum < \"$f\"", "echo " + InitScript.DONE, "poweroff -f");
    }

    @Test
    void aTagTheScriptCouldNotCarry_isRefused() {
        assertThatThrownBy(() -> DigestScript.generate(List.of(), "a b;reboot"))
                .isInstanceOf(GuestProbeException.class)
                .hasMessage("virtiofs tag 'a b;reboot' is not 1 to 36 letters, digits, '.', '_' or '-'; give such a"
                        + " tag");
    }

    @Test
    void hostileNames_travelAsHex_andArriveByteForByte() throws IOException {
        List<String> names = List.of("with space", "new\nline", "dir/ünïcødé 名前", "VIRTSHARE-DIGEST 00 1 " + SHA);
        StringBuilder console = new StringBuilder("[    1.0] booting\r\n");
        for (String name : names) {
            console.append(DigestScript.FILE_PREFIX).append(hex(name)).append(" 0 ").append(SHA).append("\r\n");
        }
        Files.writeString(dir.resolve("console.log"), console);

        DigestScript.GuestFiles seen = DigestScript.read(dir.resolve("console.log"));

        assertThat(seen.files()).containsOnlyKeys(names);
        assertThat(seen.files().values()).allSatisfy(d -> assertThat(d).contains(new FileDigest(0, SHA)));
        assertThat(seen.mountFailure()).isEmpty();
    }

    @Test
    void aNameThatIsNotUtf8_isReportedAsItsHex_notDropped() {
        Map<String, Optional<FileDigest>> files = new TreeMap<>();

        DigestScript.parseLine(DigestScript.FILE_PREFIX + "ff00fe 3 " + SHA, files);

        assertThat(files).containsOnlyKeys("hex:ff00fe");
    }

    @Test
    void malformedAndOverlongLines_areIgnored_andUnreadableFilesKept() throws IOException {
        String overlong = DigestScript.FILE_PREFIX + "61".repeat(DigestScript.MAX_LINE) + " 1 " + SHA;
        Files.writeString(dir.resolve("console.log"), String.join("\n",
                DigestScript.FILE_PREFIX + "6 1 " + SHA,                     // odd hex
                DigestScript.FILE_PREFIX + "61 -1 " + SHA,                   // negative size
                DigestScript.FILE_PREFIX + "61 1 " + SHA.substring(1),       // short hash
                DigestScript.FILE_PREFIX + "62 99999999999999999999 " + SHA, // size beyond long
                overlong,
                DigestScript.ERROR_PREFIX + hex("locked"),
                "") + "\n");

        DigestScript.GuestFiles seen = DigestScript.read(dir.resolve("console.log"));

        assertThat(seen.files()).containsOnlyKeys("locked");
        assertThat(seen.files().get("locked")).isEmpty();
    }

    @Test
    void aFailedMount_isReadWithTheGuestsReason() throws IOException {
        Files.writeString(dir.resolve("console.log"), DigestScript.MOUNT_FAILED + " mount: mounting tree failed\n");

        assertThat(DigestScript.read(dir.resolve("console.log")).mountFailure())
                .contains("mount: mounting tree failed");
    }
}
