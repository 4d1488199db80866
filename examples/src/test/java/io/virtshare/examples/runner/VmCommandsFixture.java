package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.libvirt.DomainErrors;
import io.virtshare.internal.libvirt.LibvirtVms;
import io.virtshare.vm.VmState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * What the {@code vm} command tests share: a datastore with one imported image, the test's own
 * connection to the libvirt at {@link #uri()} (held for the whole test, so that the test
 * driver's state outlives the command's connection), a domain name unique to the test, and
 * the removal of that domain afterwards.
 */
abstract class VmCommandsFixture {
    @TempDir
    Path tmp;

    final RunnerCapture capture = new RunnerCapture();
    final String name = "vs-vmcmd-" + UUID.randomUUID().toString().substring(0, 8);
    LibvirtVms vms;
    Path ds;
    String id;
    Path image;
    private Connect connection;

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
    void connectAndImport() throws IOException, LibvirtException {
        connection = new Connect(uri());
        vms = new LibvirtVms(connection, uri(), LibvirtFeatures.of(9, 0, 0), DomainErrors.basic(uri()));
        ds = tmp.resolve("ds");
        JsonNode imported = capture.importModel(ds, tmp);
        id = String.valueOf(imported.path("id").asInt());
        image = Path.of(imported.path("path").asText());
    }

    @AfterEach
    void removeDomain() throws LibvirtException {
        try {
            vms.find(name).ifPresent(vm -> {
                if (vm.state() != VmState.SHUT_OFF) {
                    vm.stop();
                }
                if (vm.persistent()) {
                    vm.undefine();
                }
            });
        } finally {
            connection.close();
        }
    }
}
