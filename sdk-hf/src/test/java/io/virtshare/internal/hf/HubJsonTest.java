package io.virtshare.internal.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Hub's JSON answers as an import reads them: the fields it needs, hostile text refused. */
class HubJsonTest {
    private static final String SHA256 = "a".repeat(64);
    private static final String SHA1 = "b".repeat(40);
    /** A tree page as the Hub sends it, with fields the import does not read. */
    private static final String TREE = "[{\"type\":\"directory\",\"oid\":\"" + SHA1 + "\",\"size\":0,\"path\":\"data\"},"
            + "{\"type\":\"file\",\"oid\":\"" + SHA1 + "\",\"size\":665,\"path\":\"config.json\","
            + "\"lastCommit\":{\"id\":\"" + SHA1 + "\",\"title\":\"x\",\"date\":\"2024-01-01T00:00:00.000Z\"}},"
            + "{\"type\":\"file\",\"oid\":\"" + SHA1 + "\",\"size\":548105171,\"path\":\"model.safetensors\","
            + "\"lfs\":{\"oid\":\"" + SHA256 + "\",\"size\":548105171,\"pointerSize\":135},\"xetHash\":\"" + SHA256
            + "\",\"securityFileStatus\":{\"status\":\"safe\",\"avScan\":[1,2.5,null,true]}}]";

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void tree_ofAHubPage_givesEachEntrysFields() throws MalformedJsonException {
        List<HubJson.TreeEntry> entries = HubJson.tree(bytes(TREE));

        assertThat(entries).containsExactly(
                new HubJson.TreeEntry("directory", "data", 0, SHA1, false, "", HubJson.TreeEntry.NO_SIZE, false, ""),
                new HubJson.TreeEntry("file", "config.json", 665, SHA1, false, "", HubJson.TreeEntry.NO_SIZE, false,
                        ""),
                new HubJson.TreeEntry("file", "model.safetensors", 548105171, SHA1, true, SHA256, 548105171, true,
                        SHA256));
    }

    @Test
    void tree_ofOddFields_keepsWhatTheImportChecksLater() throws MalformedJsonException {
        List<HubJson.TreeEntry> entries = HubJson.tree(bytes("[1, \"x\", [], null, {\"type\":\"file\",\"path\":7,"
                + "\"size\":-4,\"oid\":5,\"lfs\":\"no\",\"xetHash\":null},{\"type\":\"file\",\"path\":null,\"size\":1.5,"
                + "\"lfs\":{\"size\":-1}},{\"path\":{\"a\":1},\"size\":\"12\",\"lfs\":null,\"type\":\"a\",\"type\":\"file\"},"
                + "{\"type\":\"file\",\"size\":99999999999999999999,\"lfs\":{\"oid\":\"" + SHA256 + "\"}}]"));

        assertThat(entries).containsExactly(
                new HubJson.TreeEntry("file", "7", -1, "", true, "", HubJson.TreeEntry.NO_SIZE, false, ""),
                new HubJson.TreeEntry("file", null, -1, "", true, "", -1, false, ""),
                new HubJson.TreeEntry("file", null, -1, "", false, "", HubJson.TreeEntry.NO_SIZE, false, ""),
                new HubJson.TreeEntry("file", null, -1, "", true, SHA256, HubJson.TreeEntry.NO_SIZE, false, ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{}", "{\"error\":\"Repository not found\"}", "\"[]\"", "null", "7"})
    void tree_ofAnAnswerThatIsNoArray_isNull(String json) throws MalformedJsonException {
        assertThat(HubJson.tree(bytes(json))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "[{\"type\":\"file\"}", "[] []", "[{\"type\":file}]", "[{'type':'file'}]",
        "<html>502 Bad Gateway</html>", "[1,]", "{\"sha\":\"x\"} trailing"})
    void tree_andRevision_ofTextThatIsNoJson_refuseIt(String text) {
        assertThatThrownBy(() -> HubJson.tree(bytes(text))).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> HubJson.revision(bytes(text))).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void tree_nestedDeeperThanTheReadersLimit_isRefused() {
        String deep = "[{\"type\":\"file\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}]";

        assertThatThrownBy(() -> HubJson.tree(bytes(deep))).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("1000");
    }

    @Test
    void tree_ofInvalidUtf8_isRefused() {
        byte[] bad = bytes("[{\"type\":\"file\",\"path\":\"ab\"}]");
        bad[bad.length - 5] = (byte) 0xff;

        assertThatThrownBy(() -> HubJson.tree(bad)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void revision_readsTheShaAndWhetherTheRepositoryIsOpen() throws MalformedJsonException {
        assertThat(HubJson.revision(bytes("{\"id\":\"acme/m\",\"sha\":\"" + SHA1 + "\",\"private\":false,"
                + "\"gated\":false,\"siblings\":[{\"rfilename\":\"a\"}]}")))
                .isEqualTo(new HubJson.RevisionAnswer(SHA1, true));
        assertThat(HubJson.revision(bytes("{\"sha\":\"" + SHA1 + "\",\"private\":false,\"gated\":\"auto\"}")))
                .isEqualTo(new HubJson.RevisionAnswer(SHA1, false));
        assertThat(HubJson.revision(bytes("{\"sha\":\"" + SHA1 + "\",\"private\":true,\"gated\":false}")))
                .isEqualTo(new HubJson.RevisionAnswer(SHA1, false));
        assertThat(HubJson.revision(bytes("{\"sha\":\"" + SHA1 + "\"}")))
                .isEqualTo(new HubJson.RevisionAnswer(SHA1, false));
        assertThat(HubJson.revision(bytes("{\"sha\":1,\"private\":false,\"gated\":false,\"private\":null}")))
                .isEqualTo(new HubJson.RevisionAnswer("", false));
        assertThat(HubJson.revision(bytes("[\"" + SHA1 + "\"]"))).isEqualTo(new HubJson.RevisionAnswer("", false));
    }

    @Test
    void mutatedAnswers_areReadOrRefusedAsNoJson_neverAnotherFailure() {
        Random random = new Random(15);
        byte[] valid = bytes(TREE);
        byte[] pieces = bytes("{}[],:\"\\0123456789-+.eEtrufalsn \u00e9");
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = valid.clone();
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(mutated.length);
                mutated[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256)
                        : pieces[random.nextInt(pieces.length)];
            }
            if (random.nextInt(5) == 0) {
                mutated = java.util.Arrays.copyOf(mutated, random.nextInt(mutated.length));
            }
            try {
                HubJson.tree(mutated);
            } catch (MalformedJsonException expected) {
                // refused as text that is not JSON
            }
            try {
                HubJson.revision(mutated);
            } catch (MalformedJsonException expected) {
                // refused as text that is not JSON
            }
        }
    }
}
