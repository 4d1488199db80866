package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the sharedfs driver in the middle of cp, as oned's driver timeout or an admin
 * does: the half-copied tree is gone, monitor counts nothing, and a new cp works.
 */
class OneDriverKillIT {
    @TempDir
    Path dir;

    @Test
    void cp_killedWhileCopying_leavesNothingMonitorCountsAndANewCpWorks() throws Exception {
        Oned oned = Oned.install(dir.resolve("remotes"));
        Path base = dir.resolve("datastores/100");
        Path model = Files.createDirectories(dir.resolve("safe/model"));
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < 400; i++) {
            block[0] = (byte) i;
            Files.write(model.resolve("part-" + i + ".bin"), block);
        }
        Oned.Data data = Oned.Data.of(7, 100, "sharedfs", base).template("SAFE_DIRS", dir.resolve("safe").toString())
                .path(model.toString());

        Process cp = oned.start("sharedfs", "cp", data);
        BufferedReader err = new BufferedReader(new InputStreamReader(cp.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = err.readLine();
        } while (line != null && !line.startsWith("INFO: copy:"));
        assertThat(line).as("cp reports copying before it ends").isNotNull();
        cp.destroyForcibly(); // SIGKILL: the JVM, which the script exec'd
        assertThat(cp.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cp.exitValue()).isEqualTo(137);

        Oned.Answer monitor = oned.run("sharedfs", "monitor", data);
        List<String> afterMonitor = imageDirectories(base);
        Oned.Answer again = oned.run("sharedfs", "cp", data);

        assertThat(monitor.exit()).as(monitor.toString()).isZero();
        assertThat(monitor.monitor()).containsEntry("USED_MB", 0L);
        assertThat(monitor.log("INFO")).anyMatch(l -> l.contains("left by an interrupted action"));
        assertThat(afterMonitor).isEmpty();
        assertThat(again.exit()).as(again.toString()).isZero();
        Path source = Path.of(again.words().get(0));
        assertThat(imageDirectories(base)).containsExactly(source.getFileName().toString());
        try (Stream<Path> files = Files.list(source)) {
            assertThat(files.count()).isEqualTo(400);
        }
        assertThat(oned.run("sharedfs", "monitor", data).monitor()).containsEntry("USED_MB", 400L);
        assertThat(copiedParts(base)).as("no half copy left anywhere in BASE_PATH, staging included").isEqualTo(400);
    }

    /** How many copied files are anywhere under BASE_PATH. */
    private static long copiedParts(Path base) throws Exception {
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(p -> p.getFileName().toString().startsWith("part-")).count();
        }
    }

    /** What is in BASE_PATH besides the datastore's own {@code .virtshare}. */
    private static List<String> imageDirectories(Path base) throws Exception {
        try (Stream<Path> list = Files.list(base)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".virtshare")).sorted().toList();
        }
    }
}
