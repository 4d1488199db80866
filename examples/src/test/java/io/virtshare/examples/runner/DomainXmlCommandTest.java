package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.examples.Quickstart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code domain-xml} prints only what the target libvirt accepts: read-only over 9p always,
 * read-only over virtiofs never without a known libvirt 11.0.0 or later (exit 1 with the
 * limit and the alternatives, and nothing written).
 */
class DomainXmlCommandTest {
    @TempDir
    Path tmp;

    private final RunnerCapture capture = new RunnerCapture();
    private Path ds;
    private Path domain;
    private String id;

    private int run(String... args) {
        capture.reset();
        return capture.run(args);
    }

    private String[] domainXml(String... more) {
        List<String> words = new ArrayList<>(List.of("domain-xml", "--datastore", ds.toString(), id));
        words.addAll(List.of(more));
        return words.toArray(String[]::new);
    }

    @BeforeEach
    void setUp() throws IOException {
        ds = tmp.resolve("ds");
        id = String.valueOf(capture.importModel(ds, tmp).path("id").asInt());
        domain = Files.writeString(tmp.resolve("vm.xml"), Quickstart.SAMPLE_DOMAIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"filesystem", "domain"})
    void readOnlyVirtiofs_withoutAKnownTarget_exits1NamingTheLimitAndTheAlternatives(String output) {
        String[] words = output.equals("domain") ? domainXml("--read-only", "--domain", domain.toString())
                : domainXml("--read-only");

        assertThat(run(words)).isEqualTo(1);

        assertThat(capture.stdout()).isEmpty();
        assertThat(capture.stderr().lines().filter(l -> l.startsWith("error: "))).singleElement()
                .satisfies(line -> assertThat(line).contains("libvirt 11.0.0", "not known", "--uri",
                        "--protocol 9p", "mount -t virtiofs -o ro", "--readonly"));
    }

    @Test
    void readOnlyNinep_isWrittenWithoutAKnownTarget() {
        assertThat(run(domainXml("--protocol", "9p", "--read-only", "--tag", "models"))).as(capture.stderr())
                .isZero();
        FilesystemDevice fs = FilesystemDevice.parse(capture.stdout());
        assertThat(fs.isVirtiofs()).isFalse();
        assertThat(fs.readOnly()).isTrue();
        assertThat(fs.target()).isEqualTo("models");
        assertThat(fs.sourceDir()).hasValue(ds.resolve(id));

        assertThat(run(domainXml("--protocol", "9p", "--read-only", "--domain", domain.toString())))
                .as(capture.stderr()).isZero();
        DomainXml attached = DomainXml.parse(capture.stdout());
        assertThat(attached.filesystems()).singleElement().satisfies(f -> {
            assertThat(f.readOnly()).isTrue();
            assertThat(f.isVirtiofs()).isFalse();
        });
    }

    @Test
    void unknownProtocol_isAUsageError() {
        assertThat(run(domainXml("--protocol", "nfs"))).isEqualTo(2);
        assertThat(capture.stderr()).contains("--protocol is virtiofs or 9p, not 'nfs'");
    }

    @Test
    void missingDomainFile_isRefusedBeforeAnythingIsWritten() {
        assertThat(run(domainXml("--domain", tmp.resolve("nope.xml").toString()))).isEqualTo(1);
        assertThat(capture.stderr()).contains("domain file").contains("does not exist");
    }
}
