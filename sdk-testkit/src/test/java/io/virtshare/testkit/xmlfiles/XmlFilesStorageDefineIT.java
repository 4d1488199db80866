package io.virtshare.testkit.xmlfiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.QemuDomainCheck;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool and volume files the xml-files backend writes are what libvirt on
 * {@code qemu:///system} takes: the pool defines, builds and starts from its file, and the
 * volume is created in it from its file, at the path the xml-files backend reported.
 * Everything made is removed again.
 */
@RequiresHost({HostTool.VIRSH, HostTool.LIBVIRTD})
class XmlFilesStorageDefineIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void poolAndVolumeFiles_areDefinedAndCreatedByTheQemuDriversLibvirt() throws Exception {
        String name = "vs-xml-files-" + UUID.randomUUID().toString().substring(0, 8);
        Path poolDir = tmp.resolve("pool");
        Path reported;
        try (VirtShare vs = VirtShare.builder().home(tmp.resolve("home")).backend("xml-files").build()) {
            Pool pool = vs.pools().create(PoolSpec.dir(name).target(poolDir).build());
            reported = pool.volumes().create(VolumeSpec.builder("disk.img").capacity(Size.mib(1))
                    .target(VolumeTarget.of(FormatType.RAW)).build()).path();
        }
        Path xml = tmp.resolve("home/xml/pools");

        List<String> undo = new ArrayList<>();
        try {
            virsh("pool-define", xml.resolve(name + ".xml").toString());
            undo.add(0, "pool-undefine");
            virsh("pool-build", name);
            virsh("pool-start", name);
            undo.add(0, "pool-destroy");
            virsh("vol-create", name, xml.resolve(name).resolve("disk.img.xml").toString());
            undo.add(0, "vol-delete disk.img --pool");

            assertThat(virsh("vol-path", "disk.img", "--pool", name).output().strip())
                    .isEqualTo(reported.toString());
            assertThat(Files.size(reported)).isEqualTo(Size.mib(1).bytes());
        } finally {
            for (String step : undo) {
                List<String> words = new ArrayList<>(List.of(step.split(" ")));
                words.add(name);
                CommandRunner.run(TIMEOUT, command(words));
            }
        }
    }

    private static CommandResult virsh(String... words) {
        CommandResult result = CommandRunner.run(TIMEOUT, command(List.of(words)));
        assertThat(result.succeeded()).as("libvirt's answer: " + result.describe()).isTrue();
        return result;
    }

    private static List<String> command(List<String> words) {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", QemuDomainCheck.SYSTEM_URI));
        command.addAll(words);
        return command;
    }
}
