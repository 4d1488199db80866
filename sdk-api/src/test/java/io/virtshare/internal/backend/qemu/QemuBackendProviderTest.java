package io.virtshare.internal.backend.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.backend.BackendSelection;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuBackendProviderTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty(QemuBackendProvider.BINARY_PROPERTY);
    }

    @Test
    void provider_isFoundByServiceLoader_asQemuFromSdkApi_andNeverAutomatic() {
        Optional<QemuBackendProvider> found = BackendSelection.load(getClass().getClassLoader()).providers().stream()
                .filter(QemuBackendProvider.class::isInstance).map(QemuBackendProvider.class::cast).findFirst();

        assertThat(found).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("qemu");
            assertThat(p.module()).isEqualTo("io.virtshare:sdk-api");
            assertThat(p.automatic()).isFalse();
        });
    }

    @Test
    void unavailable_whenThePropertyNamesNoExecutable_saysSoAndHowToFixIt() {
        System.setProperty(QemuBackendProvider.BINARY_PROPERTY, tmp.resolve("no-qemu").toString());

        assertThat(new QemuBackendProvider().unavailable()).hasValueSatisfying(reason -> assertThat(reason)
                .contains(tmp.resolve("no-qemu").toString()).contains("not an executable file")
                .contains("qemu-system-x86_64"));
    }

    @Test
    void available_whenThePropertyNamesAnExecutable() {
        System.setProperty(QemuBackendProvider.BINARY_PROPERTY, "/bin/true");

        assertThat(new QemuBackendProvider().unavailable()).isEmpty();
    }
}
