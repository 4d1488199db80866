package io.virtshare.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.virtshare.internal.files.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CryptoDigest} answers as the JDK's digests do, however its input is split. */
class CryptoDigestTest {
    @BeforeEach
    void libcrypto() {
        if (Boolean.getBoolean("virtshare.it.required")) {
            assertThat(CryptoDigest.available()).as("libcrypto (Debian: libssl3) is installed in CI").isTrue();
        }
        assumeTrue(CryptoDigest.available(), "OpenSSL's libcrypto (libcrypto.so.3 or .1.1) is not installed;"
                + " the SDK hashes with the JDK then");
    }

    @Test
    void knownAnswers() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(HexFormat.of().formatHex(CryptoDigest.sha256().orElseThrow().digest(abc)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(HexFormat.of().formatHex(CryptoDigest.sha1().orElseThrow().digest(abc)))
                .isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(HexFormat.of().formatHex(CryptoDigest.sha256().orElseThrow().digest()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA-256", "SHA-1"})
    void anyInputSplitAnyWay_hashesAsTheJdk(String algorithm) throws Exception {
        Random random = new Random(11);
        int chunk = CryptoDigest.CHUNK;
        int[] sizes = {0, 1, 55, 56, 63, 64, 65, 4096, chunk - 1, chunk, chunk + 1, 3 * chunk + 7};
        for (int size : sizes) {
            byte[] data = new byte[size + 10];
            random.nextBytes(data);
            for (int split = 0; split < 4; split++) {
                MessageDigest ours = algorithm.equals("SHA-1") ? CryptoDigest.sha1().orElseThrow()
                        : CryptoDigest.sha256().orElseThrow();
                MessageDigest jdk = MessageDigest.getInstance(algorithm);
                int offset = 5;
                while (offset < size + 5) {
                    int n = Math.min(size + 5 - offset, split == 0 ? size : 1 + random.nextInt(chunk + 100));
                    if (n == 1) {
                        ours.update(data[offset]);
                    } else {
                        ours.update(data, offset, n);
                    }
                    jdk.update(data, offset, n);
                    offset += n;
                }
                assertThat(ours.digest()).as("%s of %d bytes, split %d", algorithm, size, split)
                        .isEqualTo(jdk.digest());
            }
        }
    }

    @Test
    void digestAndReset_startOver() throws Exception {
        MessageDigest ours = CryptoDigest.sha256().orElseThrow();
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        ours.update(new byte[] {1, 2, 3});
        ours.digest();
        ours.update(new byte[] {7, 7});
        ours.reset();
        ours.update(new byte[] {4, 5});
        assertThat(ours.digest()).isEqualTo(jdk.digest(new byte[] {4, 5}));
        assertThat(ours.getDigestLength()).isEqualTo(32);
        assertThat(ours.getAlgorithm()).isEqualTo("SHA-256");
        assertThatThrownBy(ours::clone).isInstanceOf(CloneNotSupportedException.class);
    }

    @Test
    void digests_areLibcryptosUnlessTheJdkIsChosen() {
        assertThat(Digests.sha256()).isInstanceOf(CryptoDigest.class);
        assertThat(Digests.sha1()).isInstanceOf(CryptoDigest.class);
        String before = System.getProperty(Digests.PROPERTY);
        System.setProperty(Digests.PROPERTY, "jdk");
        try {
            assertThat(Digests.sha256()).isNotInstanceOf(CryptoDigest.class);
            assertThat(Digests.sha1().getAlgorithm()).isEqualTo("SHA-1");
            assertThat(Digests.fromLibcrypto()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty(Digests.PROPERTY);
            } else {
                System.setProperty(Digests.PROPERTY, before);
            }
        }
    }
}
