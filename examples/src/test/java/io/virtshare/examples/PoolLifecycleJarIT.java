package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.VirtShare;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.LoopDevice;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar virtshare-examples.jar pool-lifecycle --uri qemu:///system …} as a new user
 * runs it, with hand-written pool and volume XML: a dir pool and an fs pool on a loop device
 * (libvirt mounts it), each with a qcow2 volume. What the command says is checked against the
 * host: inotify sees the volume files appear and go, the fs pool's size is the loop device's,
 * and afterwards nothing is mounted, left on disk or defined.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD, HostTool.QEMU_IMG, HostTool.LOOP_DEVICE})
class PoolLifecycleJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final String name = "vs-jar-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void nothingLeftDefined() {
        try (VirtShare host = TestLibvirt.open("qemu:///system")) {
            assertThat(host.pools().find(name)).as("pool " + name + " left defined").isEmpty();
        }
    }

    private Path volumeXml() throws Exception {
        return Files.writeString(dir.resolve("vol.xml"), """
                <volume>
                  <name>guest.qcow2</name>
                  <capacity unit='G'>2</capacity>
                  <target>
                    <format type='qcow2'/>
                  </target>
                </volume>
                """);
    }

    private static JsonNode step(JsonNode result, String name, int nth) {
        return result.path("steps").findParents("step").stream().filter(s -> s.path("step").asText().equals(name))
                .skip(nth).findFirst().orElseThrow(() -> new AssertionError("no step " + name + " in " + result));
    }

    private static List<String> stepNames(JsonNode result) {
        return result.path("steps").findValuesAsText("step");
    }

    private static boolean mounted(String device) throws Exception {
        return Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.startsWith(device + " "));
    }

    @Test
    void dirPool_withQcow2Volume_createsAndRemovesTheFiles_andKeepsATargetThatExisted() throws Exception {
        Path target = Files.createDirectory(dir.resolve("images"));
        Path pool = Files.writeString(dir.resolve("pool.xml"), "<pool type='dir'>\n  <name>" + name + "</name>\n"
                + "  <target>\n    <path>" + target + "</path>\n  </target>\n</pool>\n");
        List<String> seen = new ArrayList<>();

        RunnerJar.Run run;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            target.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            run = RunnerJar.run(dir, "pool-lifecycle", "--uri", "qemu:///system", "--xml", pool.toString(),
                    "--volume", volumeXml().toString());
            for (WatchKey key = watch.poll(); key != null; key = watch.poll()) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    seen.add(event.kind().name() + " " + event.context());
                }
                key.reset();
            }
        }

        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode result = JSON.readTree(run.stdout());
        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(stepNames(result)).containsExactly("connect", "define", "build", "start", "create-volume",
                "clone-volume", "list-volumes", "delete-volume", "delete-volume", "stop", "delete", "undefine");
        assertThat(seen).as("inotify on " + target).containsSubsequence("ENTRY_CREATE guest.qcow2",
                "ENTRY_CREATE guest-clone.qcow2", "ENTRY_DELETE guest-clone.qcow2", "ENTRY_DELETE guest.qcow2");
        JsonNode created = step(result, "create-volume", 0);
        assertThat(created.path("path").asText()).isEqualTo(target.resolve("guest.qcow2").toString());
        assertThat(created.path("format").asText()).isEqualTo("qcow2");
        assertThat(created.path("capacityBytes").asLong()).isEqualTo(2L << 30);
        assertThat(created.path("fileExists").asBoolean()).isTrue();
        assertThat(step(result, "clone-volume", 0).path("fileExists").asBoolean()).isTrue();
        assertThat(step(result, "delete-volume", 1).path("fileExists").asBoolean()).isFalse();
        assertThat(step(result, "build", 0).path("targetExisted").asBoolean()).isTrue();
        assertThat(step(result, "delete", 0).path("deleted").asBoolean()).isFalse();
        assertThat(step(result, "delete", 0).path("reason").asText()).contains("existed before build");
        assertThat(target).isEmptyDirectory();
        assertThat(result.path("xml").asText()).contains("<name>" + name + "</name>", "<path>" + target + "</path>");
        assertThat(run.stderr()).contains("create-volume  ok   " + target.resolve("guest.qcow2") + " (qcow2, 2.0 GiB");
    }

    @Test
    void fsPool_onALoopDevice_isMountedByLibvirt_holdsTheVolume_andIsRemovedAgain() throws Exception {
        Path mountPoint = dir.resolve("mnt");
        try (LoopDevice disk = LoopDevice.create(64, "ext4")) {
            Path pool = Files.writeString(dir.resolve("pool.xml"), "<pool type='fs'>\n  <name>" + name + "</name>\n"
                    + "  <source>\n    <device path='" + disk.device() + "'/>\n    <format type='ext4'/>\n"
                    + "  </source>\n  <target>\n    <path>" + mountPoint + "</path>\n  </target>\n</pool>\n");

            RunnerJar.Run run = RunnerJar.run(dir, "pool-lifecycle", "--uri", "qemu:///system", "--xml",
                    pool.toString(), "--volume", volumeXml().toString());

            assertThat(run.exit()).as(run.stderr()).isZero();
            JsonNode result = JSON.readTree(run.stdout());
            JsonNode started = step(result, "start", 0);
            assertThat(started.path("capacityBytes").asLong()).as("the mounted 64 MiB ext4, not the disk below")
                    .isBetween(40L << 20, 64L << 20);
            assertThat(step(result, "build", 0).path("targetExisted").asBoolean()).isFalse();
            JsonNode created = step(result, "create-volume", 0);
            assertThat(created.path("path").asText()).isEqualTo(mountPoint.resolve("guest.qcow2").toString());
            assertThat(created.path("fileExists").asBoolean()).isTrue();
            assertThat(step(result, "list-volumes", 0).path("volumes").findValuesAsText("volume"))
                    .contains("guest.qcow2", "guest-clone.qcow2");
            assertThat(step(result, "delete-volume", 1).path("remaining").toString()).isEqualTo("[\"lost+found\"]");
            assertThat(step(result, "delete", 0).path("deleted").asBoolean()).isTrue();
            assertThat(step(result, "delete", 0).path("targetExists").asBoolean()).isFalse();
            assertThat(mounted(disk.device())).as("unmounted by stop").isFalse();
            assertThat(mountPoint).doesNotExist();
            assertThat(result.path("xml").asText()).contains("<device path='" + disk.device() + "'/>");
        }
    }

    @Test
    void volumeNamedLikeAFileThatIsThere_failsAndLeavesTheUsersFileAndDirectoryAlone() throws Exception {
        Path target = Files.createDirectory(dir.resolve("images"));
        Path mine = Files.writeString(target.resolve("guest.qcow2"), "the user's own file");
        Path pool = Files.writeString(dir.resolve("pool.xml"), "<pool type='dir'><name>" + name + "</name><target>"
                + "<path>" + target + "</path></target></pool>");

        RunnerJar.Run run = RunnerJar.run(dir, "pool-lifecycle", "--uri", "qemu:///system", "--xml", pool.toString(),
                "--volume", volumeXml().toString());

        assertThat(run.exit()).isEqualTo(1);
        JsonNode result = JSON.readTree(run.stdout());
        assertThat(stepNames(result)).endsWith("create-volume");
        assertThat(step(result, "create-volume", 0).path("error").asText()).contains("guest.qcow2");
        assertThat(result.path("cleanup").findValuesAsText("undo")).containsExactly("stop pool " + name,
                "undefine pool " + name);
        assertThat(mine).hasContent("the user's own file");
        assertThat(target).isDirectory();
    }

    @Test
    void fsPoolThatCannotMount_failsAtStart_andUndoesTheBuildAndTheDefinition() throws Exception {
        Path mountPoint = dir.resolve("mnt");
        Path pool = Files.writeString(dir.resolve("pool.xml"), "<pool type='fs'><name>" + name + "</name><source>"
                + "<device path='/dev/virtshare-no-such-disk'/><format type='ext4'/></source><target><path>"
                + mountPoint + "</path></target></pool>");

        RunnerJar.Run run = RunnerJar.run(dir, "pool-lifecycle", "--uri", "qemu:///system", "--xml", pool.toString(),
                "--volume", volumeXml().toString());

        assertThat(run.exit()).isEqualTo(1);
        JsonNode result = JSON.readTree(run.stdout());
        assertThat(stepNames(result)).containsExactly("connect", "define", "build", "start");
        assertThat(step(result, "start", 0).path("error").asText()).contains("/dev/virtshare-no-such-disk");
        assertThat(result.path("cleanup").findValuesAsText("undo")).containsExactly(
                "delete the storage of pool " + name, "undefine pool " + name);
        String last = run.stderr().strip().substring(run.stderr().strip().lastIndexOf('\n') + 1);
        assertThat(last).startsWith("error: start failed: cannot start pool '" + name + "'")
                .endsWith("undone: delete the storage of pool " + name + ", undefine pool " + name);
        assertThat(mountPoint).doesNotExist();
    }
}
