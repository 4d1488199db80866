package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool recipe on libvirt's in-memory test driver, which has no streams, resize or wipe. */
@RequiresHost(HostTool.LIBVIRT_LIBRARY)
class PoolRecipeTest {
    @TempDir
    Path work;

    /** What the recipe prints when run on {@code uri}. */
    static String printed(String uri, Path work, String name) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PoolRecipe.run(uri, work, name, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void recipe_onTheTestDriver_runsEveryStep_saysWhatTheDriverLacks_andLeavesNothing() throws Exception {
        String name = "recipe-" + UUID.randomUUID().toString().substring(0, 8);
        // the test driver's state lives while a connection is open: keep one to look at it afterwards
        try (VirtShare watcher = TestLibvirt.open("test:///default")) {
            String printed = printed("test:///default", work, name);

            assertThat(printed).contains("connected to test:///default through the libvirt backend, libvirt ", name + " RUNNING: ",
                    "disk.qcow2 at " + work.resolve("images").resolve("disk.qcow2") + ": 1073741824 bytes",
                    "copy.qcow2 at " + work.resolve("images").resolve("copy.qcow2") + ": 1073741824 bytes",
                    "not on test:///default: cannot upload to volume 'data.raw'", "virStorageVolUpload",
                    "ALREADY_EXISTS: ", "pool " + name + "-scratch defined: false",
                    "test:///default: RUNNING, was there already",
                    "qemu+tcp://kvm-no-such-host.invalid/system: cannot connect",
                    "test:///default: would set autostart of pool " + name + " on",
                    "test:///default: would create volume declared.raw (1048576 bytes) in pool " + name,
                    "test:///default: 2 changes made",
                    "qemu+tcp://kvm-no-such-host.invalid/system: not reconciled: CONNECTION",
                    "volume group testvg1 on 1 devices: ",
                    "pool " + name + " defined: false");
            assertThat(watcher.pools().find(name)).isEmpty();
            assertThat(watcher.pools().find(name + "-scratch")).isEmpty();
            assertThat(work).isEmptyDirectory();
        }
    }
}
