package io.virtshare.examples.runner;

import static io.virtshare.examples.runner.Oned.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code virtiofs} driver scripts of the built artifact, run by {@link Oned}: directories
 * registered in place, real stat and monitor, rm that keeps the directory, and clone, mkfs,
 * snapshots and remote sources refused.
 */
class OneVirtioFsDriverIT {
    @RegisterExtension
    static final Oned oned = Oned.perClass();

    @TempDir
    Path dir;
    Path base;
    Path shared;
    Oned.Data data;

    @BeforeEach
    void datastore() throws Exception {
        base = dir.resolve("datastores/101");
        shared = Files.createDirectories(dir.resolve("shared/datasets/reviews"));
        Files.writeString(shared.resolve("train.jsonl"), "{\"text\":\"good\"}\n");
        Files.write(shared.resolve("blob.bin"), new byte[(2 << 20) + 1]);
        data = Oned.Data.of(3, 101, "virtiofs", base).template("SAFE_DIRS", dir.resolve("shared").toString());
    }

    @Test
    void cp_registersTheDirectoryInPlace() throws Exception {
        Oned.Answer cp = oned.run("virtiofs", "cp", data.path(shared.toString()));

        assertThat(cp.exit()).as(cp.toString()).isZero();
        assertThat(cp.words()).containsExactly(shared.toString(), "dir");
        assertThat(base.resolve("0")).doesNotExist();
    }

    @Test
    void statAndMonitor_measureTheRegisteredTree() throws Exception {
        Oned.Answer stat = oned.run("virtiofs", "stat", data.path(shared.toString()));
        oned.run("virtiofs", "cp", data.path(shared.toString()));

        Oned.Answer monitor = oned.run("virtiofs", "monitor", data);

        assertThat(stat.stdout()).isEqualTo("3\n");
        assertThat(monitor.exit()).as(monitor.toString()).isZero();
        assertThat(monitor.monitor()).containsEntry("USED_MB", 3L);
        assertThat(monitor.monitor().get("TOTAL_MB")).isEqualTo(Files.getFileStore(dir).getTotalSpace() >> 20);
        assertThat(monitor.monitor().get("FREE_MB")).isPositive();
    }

    @Test
    void rm_dropsTheImageButKeepsTheDirectory_andARepeatedRmSucceeds() throws Exception {
        String source = oned.run("virtiofs", "cp", data.path(shared.toString())).words().get(0);

        Oned.Answer rm = oned.run("virtiofs", "rm", data.source(source));
        Oned.Answer again = oned.run("virtiofs", "rm", data.source(source));

        assertThat(rm.exit()).as(rm.toString()).isZero();
        assertThat(rm.log("INFO")).anyMatch(l -> l.endsWith("the registered directory itself is kept"));
        assertThat(shared.resolve("train.jsonl")).exists();
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(oned.run("virtiofs", "monitor", data).monitor()).containsEntry("USED_MB", 0L);
    }

    @Test
    void clone_isRefusedWithTheReason() throws Exception {
        String source = oned.run("virtiofs", "cp", data.path(shared.toString())).words().get(0);

        Oned.Answer clone = oned.run("virtiofs", "clone", data.image(4).path(source));

        assertRefused(clone, "does not support clone", "use a SharedFS datastore");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mkfs", "snap_delete", "snap_revert", "snap_flatten", "export", "restore"})
    void mkfsAndSnapshots_areNotSupported(String action) throws Exception {
        assertRefused(oned.run("virtiofs", action, data.path(shared.toString())),
                action + " is not supported by this datastore (virtiofs)");
    }

    @Test
    void cpAndStat_ofHfSource_areRefused() throws Exception {
        assertRefused(oned.run("virtiofs", "cp", data.path("hf://acme/tiny")), "registers local directories in place");
        assertRefused(oned.run("virtiofs", "stat", data.path("hf://acme/tiny")),
                "a VirtioFS datastore registers local directories in place");
    }

    @Test
    void cp_ofDirectoryWithWhitespace_isRefusedAsNoSourceOnedCouldRead() throws Exception {
        Path spaced = Files.createDirectories(dir.resolve("shared/my data"));

        Oned.Answer cp = oned.run("virtiofs", "cp", data.path(spaced.toString()));

        assertRefused(cp, "the image directory '" + spaced + "' contains whitespace");
        assertThat(oned.run("virtiofs", "monitor", data).monitor()).containsEntry("USED_MB", 0L);
    }

    @Test
    void cp_ofRestrictedDirectory_isRefused() throws Exception {
        assertRefused(oned.run("virtiofs", "cp", data.path("/etc")), "/etc is inside RESTRICTED_DIRS entry /");
    }

    @Test
    void cp_intoBasePathOfASharedFsDatastore_isRefused() throws Exception {
        Oned.Data sharedFs = Oned.Data.of(3, 101, "sharedfs", base).template("SAFE_DIRS", dir.toString());
        oned.run("sharedfs", "monitor", sharedFs);

        assertRefused(oned.run("virtiofs", "cp", data.path(shared.toString())), "BASE_PATH " + base
                + " holds a sharedfs datastore, not virtiofs");
    }
}
