package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.storage.Pool;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pool-reconcile} on libvirt's in-process test driver, beside a host that cannot be
 * reached. The test holds its own connection, so the driver's state outlives the command's.
 */
@RequiresHost(HostTool.LIBVIRT_LIBRARY)
class PoolReconcileCommandTest {
    private static final String UNREACHABLE = "qemu+tcp://vs-no-such-host.invalid/system";

    @TempDir
    Path dir;

    @RegisterExtension
    final TestDriverPool testDriver = new TestDriverPool("vs-rccmd-");
    private final String name = testDriver.name();
    private final RunnerCapture capture = new RunnerCapture();

    private int run(String... args) {
        return capture.runOnly(new PoolReconcileCommand(), args);
    }

    private Path file(String fileName, String xml) throws IOException {
        return Files.writeString(dir.resolve(fileName), xml);
    }

    private Path poolXml(String server) throws IOException {
        return file("pool-" + server + ".xml", "<pool type='netfs'><name>" + name + "</name><source><host name='"
                + server + "'/><dir path='/exports/images'/><format type='nfs'/></source><target><path>/virtshare-test/"
                + name + "</path></target></pool>");
    }

    @Test
    void dryRun_thenApply_thenAgain_reportsThePlan_makesIt_andFindsNothingToDo() throws IOException {
        Path pool = poolXml("nfs1.example.com");
        Path volume = file("vol.xml", "<volume><name>disk.raw</name><capacity unit='MiB'>4</capacity></volume>");

        int dry = run("pool-reconcile", "--dry-run", "--autostart", "yes", "--xml", pool.toString(),
                "--volume", volume.toString(), "test:///default");

        assertThat(dry).as(capture.stderr()).isZero();
        JsonNode plan = capture.json();
        assertThat(plan.path("dryRun").asBoolean()).isTrue();
        assertThat(plan.path("hosts").get(0).path("changes").findValuesAsText("change"))
                .containsExactly("define", "start", "autostart", "create-volume");
        assertThat(testDriver.host().pools().find(name)).as("the dry run defined nothing").isEmpty();

        assertThat(run("pool-reconcile", "--autostart", "yes", "--xml", pool.toString(), "--volume",
                volume.toString(), "test:///default")).as(capture.stderr()).isZero();
        Pool made = testDriver.host().pools().get(name);
        assertThat(made.isActive()).isTrue();
        assertThat(made.autostart()).isTrue();
        assertThat(made.volumes().get("disk.raw").info().capacity().bytes()).isEqualTo(4L << 20);

        assertThat(run("pool-reconcile", "--autostart", "yes", "--xml", pool.toString(), "--volume",
                volume.toString(), "test:///default")).isZero();
        JsonNode again = capture.json().path("hosts").get(0);
        assertThat(again.path("nothingToDo").asBoolean()).isTrue();
        assertThat(capture.stderr()).contains("test:///default: nothing to do");
    }

    @Test
    void driftOnAStartedPool_andAnUnreachableHost_exitOne_withTheJsonOfEveryHost() throws IOException {
        testDriver.host().pools().create(io.virtshare.xml.XmlCodec.defaults().readPool(Files.readString(poolXml("nfs1.example.com"))));

        int code = run("pool-reconcile", "--connect-timeout", "10", "--xml", poolXml("nfs2.example.com").toString(),
                "test:///default", UNREACHABLE);

        assertThat(code).isEqualTo(ExamplesRunner.USER_ERROR);
        JsonNode result = capture.json();
        assertThat(result.path("ok").asBoolean()).isFalse();
        JsonNode reached = result.path("hosts").get(0);
        assertThat(reached.path("status").asText()).isEqualTo("reconciled");
        assertThat(reached.path("drift").get(0).path("field").asText()).isEqualTo("/pool/source/host/@name");
        assertThat(reached.path("drift").get(0).path("declared").asText()).isEqualTo("nfs2.example.com");
        assertThat(reached.path("drift").get(0).path("live").asText()).isEqualTo("nfs1.example.com");
        assertThat(reached.path("refused").get(0).path("reason").asText())
                .contains("is started and its source differs");
        JsonNode unreachable = result.path("hosts").get(1);
        assertThat(unreachable.path("status").asText()).isEqualTo("unreachable");
        assertThat(unreachable.path("error").asText()).contains("vs-no-such-host.invalid");
        assertThat(capture.stderr().strip()).endsWith("error: 2 of 2 hosts not reconciled: see each host's refused"
                + " and error in the JSON");
    }

    @Test
    void missingUris_orABadAutostart_areUsageErrors() throws IOException {
        Path pool = poolXml("nfs1.example.com");

        assertThat(run("pool-reconcile", "--xml", pool.toString())).isEqualTo(ExamplesRunner.USAGE_ERROR);
        assertThat(capture.stderr()).contains("give at least one libvirt URI");
        assertThat(run("pool-reconcile", "--autostart", "maybe", "--xml", pool.toString(), "test:///default"))
                .isEqualTo(ExamplesRunner.USAGE_ERROR);
        assertThat(capture.stderr()).contains("--autostart takes yes or no, not 'maybe'");
        assertThat(run("pool-reconcile", "--connect-timeout", "0", "--xml", pool.toString(), "test:///default"))
                .isEqualTo(ExamplesRunner.USAGE_ERROR);
    }
}
