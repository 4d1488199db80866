package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows docs/opennebula.md with the built artifact: its install block unpacks
 * {@code virtshare-one-datastore.tar.gz} into a temporary "remotes" directory, its try block runs
 * a driver from there, and every action the guide's table names is an executable file there.
 */
class OpenNebulaGuideIT {
    private static final Path GUIDE = Path.of("..", "docs", "opennebula.md");

    @TempDir
    Path dir;

    /** The shell block after the HTML comment starting with {@code marker}. */
    private static String block(String guide, String marker) {
        Matcher m = Pattern.compile("<!-- " + Pattern.quote(marker) + "[^>]*-->\\s*```sh\\n(.*?)```", Pattern.DOTALL)
                .matcher(guide);
        assertThat(m.find()).as("docs/opennebula.md has the block marked '" + marker + "'").isTrue();
        return m.group(1);
    }

    private record Run(int exit, String out) {
    }

    private Run bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(Path.of("..").toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void installAndTryBlocks_giveWorkingDrivers() throws Exception {
        String guide = Files.readString(GUIDE);
        Path remotes = Files.createDirectories(dir.resolve("remotes/datastore")).getParent();
        Path base = dir.resolve("datastores/100");
        String install = block(guide, "install:");
        String tryIt = block(guide, "try:");
        assertThat(install).contains("REMOTES=/var/lib/one/remotes\n");
        assertThat(tryIt).contains("BASE_PATH=/var/lib/one/datastores/100\n");

        Run installed = bash(install.replace("REMOTES=/var/lib/one/remotes", "REMOTES=" + remotes));
        // the driver's class-data sharing archive goes to a cache of the test's own
        Run tried = bash("export JAVA_HOME=" + System.getProperty("java.home") + "\nexport XDG_CACHE_HOME="
                + dir.resolve("cache") + "\nREMOTES=" + remotes + "\n"
                + tryIt.replace("BASE_PATH=/var/lib/one/datastores/100", "BASE_PATH=" + base));

        assertThat(installed.exit()).as(installed.out()).isZero();
        assertThat(tried.exit()).as(tried.out()).isZero();
        assertThat(tried.out()).containsPattern("(?m)^USED_MB=0$").containsPattern("(?m)^TOTAL_MB=[0-9]+$")
                .containsPattern("(?m)^FREE_MB=[0-9]+$");
        assertThat(base.resolve(".virtshare/datastore.conf")).exists();
    }

    @Test
    void everyActionOfTheGuide_isAnExecutableFileOfBothDrivers_andNoOther() throws Exception {
        String guide = Files.readString(GUIDE);
        Path remotes = Files.createDirectories(dir.resolve("remotes/datastore")).getParent();
        assertThat(bash(block(guide, "install:").replace("REMOTES=/var/lib/one/remotes", "REMOTES=" + remotes))
                .exit()).isZero();
        Matcher list = Pattern.compile("one executable file per action\\s*\\(([^)]*)\\)").matcher(guide);
        assertThat(list.find()).isTrue();
        List<String> actions = Pattern.compile("`([a-z_]+)`").matcher(list.group(1)).results()
                .map(r -> r.group(1)).toList();
        assertThat(actions).contains("cp", "clone", "rm", "stat", "monitor", "mkfs");

        for (String driver : List.of("sharedfs", "virtiofs")) {
            Path dirOfDriver = remotes.resolve("datastore").resolve(driver);
            try (Stream<Path> files = Files.list(dirOfDriver)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .containsExactlyInAnyOrderElementsOf(actions);
            }
            for (String action : actions) {
                assertThat(Files.isExecutable(dirOfDriver.resolve(action))).as(driver + "/" + action).isTrue();
                assertThat(guide).contains("`" + action + "`");
            }
        }
        assertThat(Files.isExecutable(remotes.resolve("datastore/virtshare/driver"))).isTrue();
        assertThat(remotes.resolve("datastore/virtshare/virtshare-examples.jar")).isRegularFile();
    }
}
