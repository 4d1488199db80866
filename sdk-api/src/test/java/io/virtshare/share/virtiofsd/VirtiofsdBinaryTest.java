package io.virtshare.share.virtiofsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flavour detection against scripts that answer exactly as the two real daemons do
 * (Debian 12's C virtiofsd and the Rust virtiofsd 1.x); the real binary is checked by
 * the host-tagged test in sdk-testkit.
 */
class VirtiofsdBinaryTest {

    @TempDir
    Path dir;

    private Path script(String name, String capabilities, String version) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + "  --print-capabilities) printf '%s\\n' '" + capabilities + "' ;;\n"
                + "  --version) printf '%s\\n' '" + version + "' ;;\n"
                + "  *) exit 1 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void detect_whenLegacyCDaemon_reportsCFlavourAndQemuVersion() throws IOException {
        Path c = script("virtiofsd", "{ \"type\": \"fs\" }",
                "virtiofsd version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)");

        VirtiofsdBinary found = VirtiofsdBinary.detect(c);

        assertThat(found.flavour()).isEqualTo(VirtiofsdFlavour.C);
        assertThat(found.version()).isEqualTo("7.2.22");
        assertThat(found.features()).isEmpty();
        assertThat(found.takesLongOptions()).isFalse();
    }

    @Test
    void detect_whenRustDaemon_reportsRustFlavourAndFeatures() throws IOException {
        Path rust = script("virtiofsd", "{\"type\":\"fs\",\"features\":[\"migrate-precopy\",\"separate-options\"]}",
                "virtiofsd 1.10.1");

        VirtiofsdBinary found = VirtiofsdBinary.detect(rust);

        assertThat(found.flavour()).isEqualTo(VirtiofsdFlavour.RUST);
        assertThat(found.version()).isEqualTo("1.10.1");
        assertThat(found.features()).containsExactlyInAnyOrder("migrate-precopy", "separate-options");
        assertThat(found.takesLongOptions()).isTrue();
    }

    @Test
    void detect_whenMissing_saysWhatToInstall() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> VirtiofsdBinary.detect(missing))
                .isInstanceOf(VirtiofsdException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("qemu-system-common");
    }

    @Test
    void detect_whenNotExecutable_saysSo() throws IOException {
        Path plain = Files.writeString(dir.resolve("virtiofsd"), "not a program");

        assertThatThrownBy(() -> VirtiofsdBinary.detect(plain))
                .isInstanceOf(VirtiofsdException.class)
                .hasMessageContaining("not executable");
    }

    @Test
    void detect_whenAnotherVhostUserType_refuses() throws IOException {
        Path gpu = script("vhost-user-gpu", "{\"type\":\"gpu\"}", "vhost-user-gpu 1.0");

        assertThatThrownBy(() -> VirtiofsdBinary.detect(gpu))
                .isInstanceOf(VirtiofsdException.class)
                .hasMessageContaining("'gpu'");
    }

    @Test
    void detect_whenVersionUnrecognised_refusesWithWhatItPrinted() throws IOException {
        Path odd = script("virtiofsd", "{\"type\":\"fs\"}", "something else 3");

        assertThatThrownBy(() -> VirtiofsdBinary.detect(odd))
                .isInstanceOf(VirtiofsdException.class)
                .hasMessageContaining("something else 3");
    }

    @Test
    void candidates_searchPathThenWellKnownThenDescriptors() throws IOException {
        Path descriptors = Files.createDirectories(dir.resolve("vhost-user"));
        Files.writeString(descriptors.resolve("50-qemu-virtiofsd.json"),
                "{\"description\":\"QEMU virtiofsd vhost-user-fs\",\"type\":\"fs\",\"binary\":\"/opt/fs/virtiofsd\"}");
        Files.writeString(descriptors.resolve("40-gpu.json"), "{\"type\":\"gpu\",\"binary\":\"/opt/gpu\"}");
        Files.writeString(descriptors.resolve("60-broken.json"), "{not json");

        List<Path> candidates = VirtiofsdBinary.candidates(
                List.of(Path.of("/bin"), Path.of("/usr/bin")),
                List.of(Path.of("/usr/lib/qemu/virtiofsd"), Path.of("/usr/bin/virtiofsd")),
                List.of(descriptors, dir.resolve("absent")));

        assertThat(candidates).containsExactly(
                Path.of("/bin/virtiofsd"), Path.of("/usr/bin/virtiofsd"),
                Path.of("/usr/lib/qemu/virtiofsd"), Path.of("/opt/fs/virtiofsd"));
    }

    @Test
    void find_skipsCandidatesThatAreNotVirtiofsd() throws IOException {
        Path bogus = Files.createDirectories(dir.resolve("a")).resolve("virtiofsd");
        Files.writeString(bogus, "#!/bin/sh\nexit 3\n");
        Files.setPosixFilePermissions(bogus, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path real = script("virtiofsd-real", "{\"type\":\"fs\"}", "virtiofsd version 7.2.0");

        assertThat(VirtiofsdBinary.find(List.of(dir.resolve("missing"), bogus, real)))
                .hasValueSatisfying(found -> assertThat(found.path()).isEqualTo(real));
    }
}
