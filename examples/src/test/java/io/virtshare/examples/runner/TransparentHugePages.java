package io.virtshare.examples.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this kernel does with transparent huge pages, for tests of the options a launched JVM gets. */
final class TransparentHugePages {
    private static final Path MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private TransparentHugePages() {
    }

    /** Whether the kernel gives transparent huge pages to the processes that ask ({@code [madvise]}). */
    static boolean onRequest() throws IOException {
        return Files.isReadable(MODE) && Files.readString(MODE).contains("[madvise]");
    }
}
