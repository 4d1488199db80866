package io.virtshare.examples;

import io.virtshare.VirtShare;
import java.nio.file.Path;

/** Opens the libvirt backend on a URI for a test, as a user does; it keeps nothing in its home directory. */
public final class TestLibvirt {
    private TestLibvirt() {
    }

    /** The libvirt backend on {@code uri}. */
    public static VirtShare open(String uri) {
        return VirtShare.builder().home(Path.of(System.getProperty("java.io.tmpdir"))).backend("libvirt").uri(uri)
                .build();
    }
}
