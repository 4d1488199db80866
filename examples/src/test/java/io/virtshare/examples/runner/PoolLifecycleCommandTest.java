package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.VirtShareException;
import io.virtshare.storage.PoolSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code pool-lifecycle} on libvirt's in-process test driver. The test holds its own
 * connection open for the whole test, so that the driver's state outlives the command's
 * connection and what the command left defined can be looked at.
 */
@RequiresHost(HostTool.LIBVIRT_LIBRARY)
class PoolLifecycleCommandTest {
    private static final List<String> ALL_STEPS = List.of("connect", "define", "build", "start", "create-volume",
            "clone-volume", "list-volumes", "delete-volume", "delete-volume", "stop", "delete", "undefine");

    @TempDir
    Path dir;

    @RegisterExtension
    final TestDriverPool testDriver = new TestDriverPool("vs-cmd-");
    private final String name = testDriver.name();
    private final RunnerCapture capture = new RunnerCapture();

    private int run(PoolLifecycle.StepHook hook, String... args) {
        return capture.runOnly(new PoolLifecycleCommand(hook), args);
    }

    private int run(String... args) {
        return run(PoolLifecycle.StepHook.NONE, args);
    }

    private JsonNode json() throws IOException {
        return capture.json();
    }

    private String stderr() {
        return capture.stderr();
    }

    private String lastLine() {
        String[] lines = stderr().strip().split("\n");
        return lines[lines.length - 1];
    }

    private Path poolXml() throws IOException {
        return Files.writeString(dir.resolve("pool.xml"), "<pool type='dir'>\n  <name>" + name
                + "</name>\n  <target>\n    <path>/virtshare-test/" + name + "</path>\n  </target>\n</pool>\n");
    }

    private Path volumeXml(String capacity) throws IOException {
        return Files.writeString(dir.resolve("vol.xml"), "<volume>\n  <name>disk.qcow2</name>\n  <capacity unit='"
                + capacity + "</capacity>\n  <target><format type='qcow2'/></target>\n</volume>\n");
    }

    private static List<String> steps(JsonNode result) {
        List<String> names = new ArrayList<>();
        result.path("steps").forEach(s -> names.add(s.path("step").asText()));
        return names;
    }

    private static JsonNode step(JsonNode result, String name) {
        for (JsonNode s : result.path("steps")) {
            if (s.path("step").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step " + name + " in " + result);
    }

    @Test
    void dirPoolWithVolume_goesThroughEveryStep_reportsFacts_andLeavesNothingDefined() throws IOException {
        int code = run("pool-lifecycle", "--uri", "test:///default", "--xml", poolXml().toString(),
                "--volume", volumeXml("MiB'>64").toString());

        assertThat(code).as(stderr()).isZero();
        JsonNode result = json();
        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(result.path("pool").asText()).isEqualTo(name);
        assertThat(result.path("type").asText()).isEqualTo("dir");
        assertThat(steps(result)).containsExactlyElementsOf(ALL_STEPS);
        assertThat(result.path("steps").findValues("ok")).allMatch(JsonNode::asBoolean);
        assertThat(result.has("cleanup")).isFalse();

        assertThat(step(result, "connect").path("backend").asText()).isEqualTo("libvirt");
        assertThat(step(result, "connect").path("libvirt").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(step(result, "connect").path("hypervisor").asText()).isIn("TEST", "QEMU");
        assertThat(step(result, "define").path("uuid").asText()).hasSize(36);
        assertThat(step(result, "define").path("state").asText()).isEqualTo("inactive");
        assertThat(step(result, "build").path("targetExisted").asBoolean()).isFalse();
        JsonNode started = step(result, "start");
        assertThat(started.path("state").asText()).isEqualTo("running");
        assertThat(started.path("capacityBytes").asLong()).isPositive();
        assertThat(started.path("availableBytes").asLong()).isLessThanOrEqualTo(started.path("capacityBytes").asLong());
        assertThat(started.path("capacity").asText()).matches("[0-9.]+ [KMGTPE]iB");

        JsonNode created = step(result, "create-volume");
        assertThat(created.path("volume").asText()).isEqualTo("disk.qcow2");
        assertThat(created.path("path").asText()).isEqualTo("/virtshare-test/" + name + "/disk.qcow2");
        assertThat(created.path("format").asText()).isEqualTo("qcow2");
        assertThat(created.path("capacityBytes").asLong()).isEqualTo(64L << 20);
        assertThat(created.path("capacity").asText()).isEqualTo("64.0 MiB");
        JsonNode clone = step(result, "clone-volume");
        assertThat(clone.path("volume").asText()).isEqualTo("disk-clone.qcow2");
        assertThat(clone.path("from").asText()).isEqualTo("disk.qcow2");
        assertThat(clone.path("format").asText()).isEqualTo("qcow2");
        assertThat(clone.path("capacityBytes").asLong()).isEqualTo(64L << 20);
        assertThat(step(result, "list-volumes").path("volumes").findValuesAsText("volume"))
                .containsExactly("disk-clone.qcow2", "disk.qcow2");
        List<JsonNode> deletes = result.path("steps").findParents("remaining");
        assertThat(deletes).extracting(d -> d.path("volume").asText()).containsExactly("disk-clone.qcow2", "disk.qcow2");
        assertThat(deletes.get(0).path("remaining").get(0).asText()).isEqualTo("disk.qcow2");
        assertThat(deletes.get(1).path("remaining")).isEmpty();
        assertThat(step(result, "stop").path("state").asText()).isEqualTo("inactive");
        assertThat(step(result, "delete").path("deleted").asBoolean()).isTrue();
        assertThat(step(result, "undefine").path("defined").asBoolean()).isFalse();

        PoolSpec last = XmlCodec.defaults().readPool(result.path("xml").asText());
        assertThat(last.name()).contains(name);
        assertThat(last.uuid()).contains(step(result, "define").path("uuid").asText());
        assertThat(testDriver.host().pools().find(name)).isEmpty();
        assertThat(stderr()).contains("define", "clone-volume", "undefine").contains(" ok ");
    }

    @Test
    void withoutVolume_skipsTheVolumeSteps() throws IOException {
        assertThat(run("pool-lifecycle", "--uri", "test:///default", "--xml", poolXml().toString())).as(stderr())
                .isZero();

        assertThat(steps(json())).containsExactly("connect", "define", "build", "start", "stop", "delete", "undefine");
        assertThat(json().has("volume")).isFalse();
        assertThat(testDriver.host().pools().find(name)).isEmpty();
    }

    /** Fails {@code failing} before it starts, or when it has done its work (then libvirt did it). */
    private static PoolLifecycle.StepHook failing(String failing, boolean afterItsWork) {
        return new PoolLifecycle.StepHook() {
            @Override
            public void before(String step) {
                if (!afterItsWork && step.equals(failing)) {
                    throw new VirtShareException("injected failure before " + step);
                }
            }

            @Override
            public void after(String step) {
                if (afterItsWork && step.equals(failing)) {
                    throw new VirtShareException("injected failure after " + step);
                }
            }
        };
    }

    @ParameterizedTest
    @CsvSource({"define, false", "build, false", "start, false", "create-volume, false", "clone-volume, false",
        "list-volumes, false", "delete-volume, false", "stop, false", "delete, false", "undefine, false",
        "define, true", "build, true", "start, true", "create-volume, true", "clone-volume, true",
        "list-volumes, true", "delete-volume, true", "stop, true", "delete, true"})
    void failureAtAnyStep_isUndone_soTheSameCommandWorksAgain(String failing, boolean afterItsWork)
            throws IOException {
        String[] args = {"pool-lifecycle", "--uri", "test:///default", "--xml", poolXml().toString(),
            "--volume", volumeXml("MiB'>8").toString()};
        String injected = "injected failure " + (afterItsWork ? "after " : "before ") + failing;

        int code = run(failing(failing, afterItsWork), args);

        assertThat(code).isEqualTo(1);
        JsonNode result = json();
        assertThat(result.path("ok").asBoolean()).isFalse();
        List<String> done = steps(result);
        assertThat(done).endsWith(failing).startsWith("connect");
        JsonNode failed = result.path("steps").get(done.size() - 1);
        assertThat(failed.path("ok").asBoolean()).isFalse();
        assertThat(failed.path("error").asText()).isEqualTo(injected);
        assertThat(result.path("cleanup").findValues("ok")).allMatch(JsonNode::asBoolean);
        assertThat(lastLine()).startsWith("error: " + failing + " failed: " + injected);
        if (!failing.equals("define") || afterItsWork) {
            assertThat(lastLine()).contains("undone: ").endsWith("undefine pool " + name);
        }
        assertThat(testDriver.host().pools().find(name)).as("nothing left defined").isEmpty();

        assertThat(run(args)).as("the retry: " + stderr()).isZero();
        assertThat(steps(json())).containsExactlyElementsOf(ALL_STEPS);
    }

    @Test
    void volumeTooLargeForThePool_failsInLibvirt_andThePoolIsRemovedAgain() throws IOException {
        int code = run("pool-lifecycle", "--uri", "test:///default", "--xml", poolXml().toString(),
                "--volume", volumeXml("TiB'>100").toString());

        assertThat(code).isEqualTo(1);
        JsonNode result = json();
        assertThat(steps(result)).containsExactly("connect", "define", "build", "start", "create-volume");
        assertThat(step(result, "create-volume").path("error").asText()).contains("disk.qcow2", name);
        assertThat(result.path("cleanup").findValuesAsText("undo")).containsExactly("stop pool " + name,
                "delete the storage of pool " + name, "undefine pool " + name);
        assertThat(lastLine()).startsWith("error: create-volume failed: ").doesNotContain("\n");
        assertThat(testDriver.host().pools().find(name)).isEmpty();
    }

    @Test
    void poolNameTaken_failsAtDefine_andLeavesTheExistingPoolAlone() throws IOException {
        testDriver.host().pools().define(PoolSpec.dir(name).target(Path.of("/elsewhere/" + name)).build());

        assertThat(run("pool-lifecycle", "--uri", "test:///default", "--xml", poolXml().toString())).isEqualTo(1);

        assertThat(steps(json())).containsExactly("connect", "define");
        assertThat(json().has("cleanup")).isFalse();
        assertThat(lastLine()).contains("define failed:").contains("already exists");
        assertThat(testDriver.host().pools().find(name)).isPresent();
        assertThat(testDriver.host().pools().find(name).orElseThrow().spec().target().orElseThrow().path())
                .contains("/elsewhere/" + name);
    }

    @Test
    void unknownHost_failsAtConnect_withJsonOfThatStep() throws IOException {
        assertThat(run("pool-lifecycle", "--uri", "nosuchdriver:///x", "--xml", poolXml().toString())).isEqualTo(1);

        assertThat(steps(json())).containsExactly("connect");
        assertThat(lastLine()).startsWith("error: connect failed: cannot connect to nosuchdriver:///x");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<pool type='dir'><name>x</name><target><path>/p</path></target>|pool.xml:1:",
        "<pool type='netfs'><name>x</name><target><path>/p</path></target></pool>|pool.xml: a netfs pool needs a source host",
        "<pool type='dri'><name>x</name><target><path>/p</path></target></pool>|pool type 'dri' is not a libvirt pool type this SDK knows; write <pool type='…'> with one of dir, fs, netfs",
        "<volume><name>v</name><capacity>1</capacity></volume>|pool.xml holds a volume, not a <pool>: give the pool's XML with --xml",
        "<pool type='dir'><target><path>/p</path></target></pool>|pool.xml: ",
        "<pool type='sheepdog'><name>x</name><source><name>s</name><host name='h'/></source></pool>|removed",
    })
    void badPoolXml_isRefusedNamingTheFile_beforeLibvirt(String xml, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("pool.xml"), xml);

        assertThat(run("pool-lifecycle", "--uri", "test:///default", "--xml", file.toString())).isEqualTo(1);

        assertThat(stderr()).startsWith("error: " + dir).contains(message).doesNotContain("Exception");
        assertThat(stderr().strip()).doesNotContain("\n");
        assertThat(capture.stdout()).isEmpty();
    }

    @Test
    void volumeThePoolCannotHold_isRefusedNamingTheVolumeFile() throws IOException {
        Path pool = Files.writeString(dir.resolve("pool.xml"), "<pool type='iscsi'><name>" + name + "</name><source>"
                + "<host name='iscsi.example.com'/><device path='iqn.2013-06.com.example:t'/></source>"
                + "<target><path>/dev/disk/by-path</path></target></pool>");

        assertThat(run("pool-lifecycle", "--uri", "test:///default", "--xml", pool.toString(), "--volume",
                volumeXml("MiB'>8").toString())).isEqualTo(1);

        assertThat(stderr()).startsWith("error: " + dir.resolve("vol.xml") + ": ").contains("iscsi");
        assertThat(testDriver.host().pools().find(name)).isEmpty();
    }

    @Test
    void hugeOrBinaryFile_isRefusedBeforeItIsParsed() throws IOException {
        Path huge = dir.resolve("huge.xml");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(64L << 20);
        }
        Path binary = Files.write(dir.resolve("binary.xml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});

        assertThat(run("pool-lifecycle", "--uri", "test:///default", "--xml", huge.toString())).isEqualTo(1);
        assertThat(stderr()).contains("huge.xml is 67108864 bytes; libvirt XML of a pool", "is it the right file?");
        assertThat(run("pool-lifecycle", "--uri", "test:///default", "--xml", binary.toString())).isEqualTo(1);
        assertThat(stderr()).contains("binary.xml:1:1: the XML starts with a UTF-16 byte-order mark (FF FE) but what"
                + " follows is not XML: is it the right file?");
    }

    @Test
    void missingFile_saysWhatToGive() {
        assertThat(run("pool-lifecycle", "--uri", "test:///default", "--xml", dir.resolve("nope.xml").toString()))
                .isEqualTo(1);

        assertThat(stderr()).contains("nope.xml is not a file").contains("virsh pool-dumpxml");
    }

    @ParameterizedTest
    @CsvSource({
        "qemu:///system, true",
        "qemu:///session, true",
        "qemu+unix:///system, true",
        "qemu+unix:///system?socket=/run/libvirt/libvirt-sock, true",
        "test:///default, false",
        "qemu+ssh://root@kvm1/system, false",
        "qemu+tcp://kvm1/system, false",
        "qemu+tls://kvm1.example.com/system, false",
        "qemu://kvm1/system, false",
        "'qemu:///system?bad uri', false",
    })
    void filesAreLookedAtOnlyOnThisMachinesDaemon(String uri, boolean here) {
        assertThat(PoolLifecycle.filesHere(uri)).isEqualTo(here);
    }

    @Test
    void cloneName_keepsTheExtension() {
        assertThat(PoolLifecycle.cloneName("disk.qcow2")).isEqualTo("disk-clone.qcow2");
        assertThat(PoolLifecycle.cloneName("disk")).isEqualTo("disk-clone");
        assertThat(PoolLifecycle.cloneName(".hidden")).isEqualTo(".hidden-clone");
    }
}
