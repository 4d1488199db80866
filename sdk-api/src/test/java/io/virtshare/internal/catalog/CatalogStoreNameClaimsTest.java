package io.virtshare.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Name claims keep the file names earlier versions gave them. */
class CatalogStoreNameClaimsTest {
    @TempDir
    Path meta;

    private static String sha256(String name) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNameClaimIsTheSha256OfTheNameSoClaimsOfEarlierVersionsStillCount() throws Exception {
        CatalogStore store = new CatalogStore(meta);
        store.init();
        for (String name : new String[] {"llama", "Ünïcödé name ☃", "x".repeat(300)}) {
            assertThat(store.claimName(name, 7)).isTrue();
            assertThat(meta.resolve("names").resolve(sha256(name))).isRegularFile();
        }
    }

    @Test
    void aNameClaimedByAnEarlierVersionCannotBeClaimedAgain() throws Exception {
        CatalogStore store = new CatalogStore(meta);
        store.init();
        Files.writeString(meta.resolve("names").resolve(sha256("taken")), "3\ntaken\n");
        assertThat(store.claimName("taken", 4)).isFalse();
    }
}
