package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.VirtShare;
import io.virtshare.vm.VmState;
import io.virtshare.vm.Vms;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code vm} command tests share: a datastore with one imported image, the test's own
 * libvirt backend on {@link #uri()} (held for the whole test, so that the test
 * driver's state outlives the command's connection), a domain name unique to the test, and
 * the removal of that domain afterwards.
 */
abstract class VmCommandsFixture {
    @TempDir
    Path tmp;

    final RunnerCapture capture = new RunnerCapture();
    final String name = "vs-vmcmd-" + UUID.randomUUID().toString().substring(0, 8);
    Vms vms;
    Path ds;
    String id;
    Path image;
    private VirtShare vs;

    /** The libvirt the test runs against. */
    abstract String uri();

    int run(String... args) {
        capture.reset();
        return capture.run(args);
    }

    /** The one {@code error:} line the last command printed. */
    String errorLine() {
        List<String> errors = capture.stderr().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(capture.stderr()).hasSize(1);
        return errors.get(0);
    }

    @BeforeEach
    void connectAndImport() throws IOException {
        vs = VirtShare.builder().home(tmp).backend("libvirt").uri(uri()).build();
        vms = vs.vms();
        ds = tmp.resolve("ds");
        JsonNode imported = capture.importModel(ds, tmp);
        id = String.valueOf(imported.path("id").asInt());
        image = Path.of(imported.path("path").asText());
    }

    @AfterEach
    void removeDomain() {
        try (VirtShare open = vs) {
            vms.find(name).ifPresent(vm -> {
                if (vm.state() != VmState.SHUT_OFF) {
                    vm.stop();
                }
                if (vm.persistent()) {
                    vm.undefine();
                }
            });
        }
    }
}
