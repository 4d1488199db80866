package io.virtshare.internal.share;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.shared.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mount lookup and the ZFS decision, on mountinfo text and {@code zfs get} answers given in. */
class MountinfoTest {
    private static final String MOUNTINFO = String.join("\n",
            "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "30 22 0:25 / /tank rw,xattr,noacl shared:9 - zfs tank rw,xattr,noacl",
            "31 30 0:26 / /tank/models rw,xattr,posixacl shared:10 - zfs tank/models rw,xattr,posixacl",
            "32 22 0:27 / /srv/my\\040data rw shared:11 - zfs tank/my\\040data rw",
            "33 22 0:28 / /tankevil rw shared:12 - ext4 /dev/sdb1 rw",
            "garbage line",
            "");

    private static CommandResult answer(int exit, String stdout) {
        return new CommandResult(List.of("zfs"), exit, stdout, exit == 0 ? "" : "cannot open 'x': no such pool",
                false, Duration.ZERO);
    }

    @Test
    void mountOf_takesTheDeepestMountOnAComponentBoundary() {
        Mountinfo table = Mountinfo.parse(MOUNTINFO);

        assertThat(table.entries()).hasSize(5);
        assertThat(table.mountOf(Path.of("/tank/models/llama")).orElseThrow().source()).isEqualTo("tank/models");
        assertThat(table.mountOf(Path.of("/tank/other")).orElseThrow().source()).isEqualTo("tank");
        assertThat(table.mountOf(Path.of("/tankevil/x")).orElseThrow().fsType()).isEqualTo("ext4");
        assertThat(table.mountOf(Path.of("/srv/my data/a")).orElseThrow().source()).isEqualTo("tank/my data");
        assertThat(table.mountOf(Path.of("/home")).orElseThrow().mountPoint()).isEqualTo(Path.of("/"));
    }

    @Test
    void zfs_withSaAndPosixacl_isFine_andTheDatasetIsAsked() {
        List<String> asked = new ArrayList<>();
        ZfsCheck check = new ZfsCheck(() -> MOUNTINFO, d -> {
            asked.add(d);
            return answer(0, "sa\nposixacl\n");
        });

        assertThat(check.problem(Path.of("/tank/models/llama"))).isEmpty();
        assertThat(asked).containsExactly("tank/models");
    }

    @Test
    void zfs_withNewerPosixSpelling_isFine() {
        assertThat(new ZfsCheck(() -> MOUNTINFO, d -> answer(0, "sa\nposix\n")).problem(Path.of("/tank/a")))
                .isEmpty();
    }

    @Test
    void zfs_withoutTheProperties_saysWhatToSet() {
        ZfsCheck check = new ZfsCheck(() -> MOUNTINFO, d -> answer(0, "on\noff\n"));

        assertThat(check.problem(Path.of("/tank/a"))).hasValueSatisfying(p -> assertThat(p)
                .contains("ZFS dataset tank with xattr=on acltype=off")
                .contains("zfs set xattr=sa acltype=posixacl tank"));
    }

    @Test
    void zfs_whosePropertiesCannotBeRead_isReported() {
        ZfsCheck check = new ZfsCheck(() -> MOUNTINFO, d -> answer(1, ""));

        assertThat(check.problem(Path.of("/tank/a"))).hasValueSatisfying(p -> assertThat(p)
                .contains("could not be read").contains("no such pool").contains("zfs get xattr,acltype tank"));
    }

    @Test
    void notZfs_isNeverAsked() {
        ZfsCheck check = new ZfsCheck(() -> MOUNTINFO, d -> {
            throw new AssertionError("zfs must not run for ext4");
        });

        assertThat(check.problem(Path.of("/tankevil/x"))).isEmpty();
        assertThat(check.problem(Path.of("/home/x"))).isEmpty();
    }
}
