package io.virtshare.internal.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShare;
import io.virtshare.internal.backend.xmlfiles.XmlFilesBackendProvider;
import io.virtshare.spi.BackendProvider;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link VirtShare} chooses its backend: found by ServiceLoader; a name (builder or
 * {@code -Dvirtshare.backend}) or a provider instance always wins; one automatic candidate
 * is taken; two are an error that says how to choose; none means xml-files.
 */
class BackendChoiceTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty(BackendSelection.PROPERTY);
    }

    private VirtShare.Builder builder(Class<?>... providers) throws IOException {
        return VirtShare.builder().home(tmp.resolve("home")).classLoader(TestBackends.loaderWith(tmp.resolve("cp"),
                providers));
    }

    @Test
    void serviceLoader_findsTheXmlFilesBackendOfSdkApi() {
        BackendSelection selection = BackendSelection.load(getClass().getClassLoader());

        assertThat(selection.providers()).filteredOn(p -> p.name().equals("xml-files")).singleElement()
                .satisfies(p -> {
                    assertThat(p).isInstanceOf(XmlFilesBackendProvider.class);
                    assertThat(p.module()).isEqualTo("io.virtshare:sdk-api");
                    assertThat(p.automatic()).isFalse();
                    assertThat(p.unavailable()).isEmpty();
                });
    }

    @Test
    void serviceLoader_findsProvidersOfTheGivenClassLoader() throws IOException {
        BackendSelection selection = BackendSelection.load(TestBackends.loaderWith(tmp, TestBackends.Manual.class));

        assertThat(selection.providers()).extracting(BackendProvider::name).contains("manual", "xml-files");
    }

    @Test
    void open_whenNoBackendIsChosenOrAutomatic_isXmlFiles() {
        try (VirtShare vs = VirtShare.open(tmp)) {
            assertThat(vs.backend()).isEqualTo("xml-files");
            assertThat(vs.target()).isEqualTo(tmp.resolve("xml").toString());
        }
    }

    @Test
    void build_withOneAutomaticBackend_choosesIt() throws IOException {
        try (VirtShare vs = builder(TestBackends.AutoA.class, TestBackends.Manual.class).build()) {
            assertThat(vs.backend()).isEqualTo("auto-a");
        }
    }

    @Test
    void build_withAnAutomaticBackendThatCannotRun_passesOverIt() throws IOException {
        try (VirtShare vs = builder(TestBackends.AutoA.class, TestBackends.Broken.class).build()) {
            assertThat(vs.backend()).isEqualTo("auto-a");
        }
    }

    @Test
    void build_withTwoAutomaticBackends_saysHowToChoose() throws IOException {
        VirtShare.Builder builder = builder(TestBackends.AutoA.class, TestBackends.AutoB.class);

        assertThatThrownBy(builder::build)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("auto-a (com.example:auto-a-backend), auto-b (com.example:auto-b-backend)")
                .hasMessageContaining("VirtShare.builder().backend(\"auto-a\")")
                .hasMessageContaining("-Dvirtshare.backend=auto-a")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.INVALID_REQUEST);
    }

    @Test
    void build_withANameInTheBuilder_choosesThatBackendOverAutomaticOnes() throws IOException {
        try (VirtShare vs = builder(TestBackends.AutoA.class, TestBackends.AutoB.class).backend("auto-b").build()) {
            assertThat(vs.backend()).isEqualTo("auto-b");
        }
        try (VirtShare vs = builder(TestBackends.AutoA.class).backend("xml-files").build()) {
            assertThat(vs.backend()).isEqualTo("xml-files");
        }
    }

    @Test
    void build_withTheSystemProperty_choosesThatBackend_butTheBuilderNameWins() throws IOException {
        System.setProperty(BackendSelection.PROPERTY, "manual");

        try (VirtShare vs = builder(TestBackends.AutoA.class, TestBackends.Manual.class).build()) {
            assertThat(vs.backend()).isEqualTo("manual");
        }
        try (VirtShare vs = builder(TestBackends.AutoA.class, TestBackends.Manual.class).backend("auto-a").build()) {
            assertThat(vs.backend()).isEqualTo("auto-a");
        }
    }

    @Test
    void build_withAProviderInstance_usesItWhateverIsOnTheClassPath() throws IOException {
        System.setProperty(BackendSelection.PROPERTY, "xml-files");

        try (VirtShare vs = builder(TestBackends.AutoA.class, TestBackends.AutoB.class)
                .backend(new TestBackends.Manual()).build()) {
            assertThat(vs.backend()).isEqualTo("manual");
        }
    }

    @Test
    void build_withAnUnknownName_namesWhatWasFound() throws IOException {
        VirtShare.Builder builder = builder(TestBackends.Manual.class).backend("nope");

        assertThatThrownBy(builder::build)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("no backend called 'nope'")
                .hasMessageContaining("manual (com.example:manual-backend)")
                .hasMessageContaining("xml-files (io.virtshare:sdk-api)")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.UNAVAILABLE);
    }

    @Test
    void build_withLibvirtMissing_namesTheArtifactToAdd() {
        VirtShare.Builder builder = VirtShare.builder().home(tmp).backend("libvirt");

        assertThatThrownBy(builder::build)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("no backend called 'libvirt'")
                .hasMessageContaining("io.virtshare:sdk-libvirt");
    }

    @Test
    void build_withAnUnknownNameFromTheSystemProperty_saysWhereTheNameCameFrom() throws IOException {
        System.setProperty(BackendSelection.PROPERTY, "nope");

        assertThatThrownBy(builder(TestBackends.AutoA.class)::build)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("-Dvirtshare.backend=nope");
    }

    @Test
    void build_withABackendThatCannotRun_givesItsReason() throws IOException {
        VirtShare.Builder builder = builder(TestBackends.Broken.class).backend("broken");

        assertThatThrownBy(builder::build)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("the broken backend (com.example:broken-backend")
                .hasMessageContaining("cannot run here: libbroken.so.1 is not installed; install the libbroken1")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.UNAVAILABLE);
    }

    @Test
    void build_withABlankName_asksForOne() throws IOException {
        VirtShare.Builder builder = builder(TestBackends.Manual.class).backend("  ");

        assertThatThrownBy(builder::build)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("is blank")
                .hasMessageContaining("manual (com.example:manual-backend)");
    }

    @Test
    void build_namesAreCaseInsensitive() throws IOException {
        try (VirtShare vs = builder(TestBackends.Manual.class).backend("MANUAL").build()) {
            assertThat(vs.backend()).isEqualTo("manual");
        }
    }
}
