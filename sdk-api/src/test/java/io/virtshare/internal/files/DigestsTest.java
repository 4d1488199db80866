package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.nativeio.CryptoDigest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Digests#prepare()} loads {@code libcrypto} once per JVM on a daemon thread of its own,
 * and not at all when the JDK's digests are chosen. The only caller of {@code prepare} in this
 * module's tests, so the first call here is the JVM's first.
 */
class DigestsTest {
    @Test
    void prepare_startsOneDaemonLoaderPerJvm_noneWhenTheJdkIsChosen() throws InterruptedException {
        String before = System.getProperty(Digests.PROPERTY);
        System.setProperty(Digests.PROPERTY, "jdk");
        try {
            assertThat(Digests.prepare()).as("the JDK's digests chosen: nothing to load").isFalse();
            assertThat(loader()).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(Digests.PROPERTY);
            } else {
                System.setProperty(Digests.PROPERTY, before);
            }
        }
        if (before != null && before.equals("jdk")) {
            return;   // the user's choice for the whole run
        }
        assertThat(Digests.prepare()).as("the first call starts the loader").isTrue();
        Optional<Thread> loader = loader();
        if (loader.isPresent()) {   // else it has finished already
            assertThat(loader.get().isDaemon()).as("the loader never keeps a JVM alive").isTrue();
            loader.get().join(10_000);
            assertThat(loader.get().isAlive()).isFalse();
        }
        assertThat(Digests.prepare()).as("once per JVM").isFalse();
        assertThat(Digests.fromLibcrypto()).isEqualTo(CryptoDigest.available());
    }

    private static Optional<Thread> loader() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(Digests.LOADER))
                .findFirst();
    }
}
