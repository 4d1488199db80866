package io.virtshare.internal.libvirt;

import io.virtshare.VirtShare;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A started dir pool made fresh for each test on {@code qemu:///system}, with a random name
 * starting {@code vs-it-} and its target in a temporary directory; removed with its volumes
 * (and the directory) after the test. A JUnit extension for an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final ScratchDirPool scratch = new ScratchDirPool();
 * }</pre>
 */
final class ScratchDirPool implements BeforeEachCallback, AfterEachCallback {
    private Path dir;
    private VirtShare host;
    private String name;
    private Pool pool;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("vs-it-pool");
        host = TestPools.open("qemu:///system");
        name = "vs-it-" + UUID.randomUUID().toString().substring(0, 8);
        pool = host.pools().create(PoolSpec.dir(name).target(dir.resolve("pool")).build());
    }

    /** The pool of the running test. */
    Pool pool() {
        return pool;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (host != null) {
                TestPools.remove(host, name);
            }
        } finally {
            if (host != null) {
                host.close();
            }
            if (dir != null) {
                TreeDeleter.delete(dir);
            }
        }
    }
}
