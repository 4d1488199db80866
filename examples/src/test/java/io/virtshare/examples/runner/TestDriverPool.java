package io.virtshare.examples.runner;

import io.virtshare.VirtShare;
import io.virtshare.examples.TestLibvirt;
import io.virtshare.storage.Volume;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the command tests on libvirt's in-process test driver share: the test's own connection
 * to {@code test:///default}, held for the whole test so that the driver's state outlives the
 * command's connection, a pool name unique to the test, and the removal of that pool afterwards
 * (its volumes deleted and it stopped when it is active, then undefined). A JUnit extension for
 * an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestDriverPool testDriver = new TestDriverPool("vs-cmd-");
 * }</pre>
 */
final class TestDriverPool implements BeforeEachCallback, AfterEachCallback {
    private final String name;
    private VirtShare host;

    /** A pool name made of {@code prefix} and 8 random characters. */
    TestDriverPool(String prefix) {
        this.name = prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The pool name unique to this test. */
    String name() {
        return name;
    }

    /** The test's own connection to the test driver. */
    VirtShare host() {
        return host;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        host = TestLibvirt.open("test:///default");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (host == null) {
            return;
        }
        try (VirtShare open = host) {
            open.pools().find(name).ifPresent(p -> {
                if (p.isActive()) {
                    p.volumes().list().forEach(Volume::delete);
                    p.stop();
                }
                p.undefine();
            });
        }
    }
}
