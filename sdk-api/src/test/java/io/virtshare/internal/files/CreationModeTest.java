package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which modes a new tree's files get whole as they are created with them: what the umask
 * leaves, what a default ACL grants, nothing where bits were added or nothing could be learned.
 */
class CreationModeTest {
    @TempDir
    Path dir;

    @Test
    void probe_aNewDirectory_keepsWhatTheUmaskLeaves_andLeavesNothingBehind() throws IOException {
        assumeTrue(LinuxFds.available(), "the native calls are Linux-only");
        int umask = umask();

        CreationMode creation = CreationMode.probe(dir);

        assertThat(creation).hasToString("keeps " + Integer.toOctalString(0777 & ~umask));
        for (int mode : new int[] {0600, 0640, 0644, 0700, 0750, 0755, 0664, 0777}) {
            assertThat(creation.keeps(mode)).as("mode %s with umask %s", Integer.toOctalString(mode),
                    Integer.toOctalString(umask)).isEqualTo((mode & umask) == 0);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("the probe's files are removed").isEmpty();
        }
    }

    @Test
    void probe_underADefaultAcl_keepsOnlyWhatTheAclGrants() throws IOException {
        assumeTrue(LinuxFds.available(), "the native calls are Linux-only");
        DefaultAcl.set(dir, 7, 5, 0);
        Path tree = Files.createDirectory(dir.resolve("tree"));   // inherits the default ACL, as a staging tree does

        CreationMode creation = CreationMode.probe(tree);

        assertThat(creation).hasToString("keeps 750");
        assertThat(creation.keeps(0640)).isTrue();
        assertThat(creation.keeps(0750)).isTrue();
        assertThat(creation.keeps(0644)).as("others get nothing under this ACL").isFalse();
        assertThat(creation.keeps(0755)).isFalse();
    }

    @Test
    void probe_whereItCannotCreateItsFile_keepsNothing_andTouchesNothing() throws IOException {
        assumeTrue(LinuxFds.available(), "the native calls are Linux-only");
        Path there = Files.writeString(dir.resolve(".virtshare-creation-mode"), "the user's");

        assertThat(CreationMode.probe(dir).keeps(0600)).as("its name is taken").isFalse();
        assertThat(there).hasContent("the user's");
        assertThat(CreationMode.probe(dir.resolve("missing")).keeps(0600)).as("no such directory").isFalse();
    }

    @Test
    void keeps_noSpecialBits_noBitTheTreeTakes_andNothingWhereBitsAreAdded() {
        CreationMode all = new CreationMode(0777, true);
        assertThat(all.keeps(0755)).isTrue();
        assertThat(all.keeps(04755)).as("setuid").isFalse();
        assertThat(all.keeps(02755)).as("setgid").isFalse();
        assertThat(all.keeps(01777)).as("sticky").isFalse();

        CreationMode umask022 = new CreationMode(0755, true);
        assertThat(umask022.keeps(0644)).isTrue();
        assertThat(umask022.keeps(0664)).isFalse();

        assertThat(new CreationMode(0777, false).keeps(0644)).as("a file system that adds bits of its own").isFalse();
        assertThat(CreationMode.NONE.keeps(0)).isFalse();
        assertThat(CreationMode.NONE).hasToString("keeps nothing");
    }

    /** The process's umask as the kernel reports it (Linux 4.7 and later), the test's oracle. */
    private static int umask() throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        String line = status.stream().filter(l -> l.startsWith("Umask:")).findFirst().orElse(null);
        assumeTrue(line != null, "the kernel reports no umask in /proc/self/status");
        return Integer.parseInt(line.substring("Umask:".length()).strip(), 8);
    }
}
