package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.spi.BackendContext;
import io.virtshare.spi.BackendProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The libvirt provider as the SPI sees it: its registration, its URI choice, and why it may be unavailable. */
class LibvirtBackendProviderTest {
    private static final Path HOME = Path.of("/var/lib/virtshare");

    private static BackendContext context(Optional<String> uri) {
        return new BackendContext(HOME, uri, Duration.ofSeconds(5));
    }

    private static LibvirtBackendProvider provider(Map<String, String> properties, Map<String, String> environment) {
        return new LibvirtBackendProvider(() -> { }, properties::get, environment::get);
    }

    @Test
    void serviceLoader_findsTheProvider_namedLibvirt_automatic_fromSdkLibvirt() {
        BackendProvider found = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("libvirt")).findFirst().orElseThrow();

        assertThat(found).isInstanceOf(LibvirtBackendProvider.class);
        assertThat(found.module()).isEqualTo("io.virtshare:sdk-libvirt");
        assertThat(found.automatic()).isTrue();
    }

    @Test
    void uri_givenToTheBuilder_winsOverPropertyAndEnvironment() {
        LibvirtBackendProvider provider = provider(Map.of("virtshare.libvirt.uri", "qemu:///session"),
                Map.of("LIBVIRT_DEFAULT_URI", "qemu+ssh://root@kvm1/system"));

        assertThat(provider.uri(context(Optional.of("qemu:///system")))).isEqualTo("qemu:///system");
    }

    @Test
    void uri_withoutBuilderUri_isThePropertyThenTheEnvironmentThenTheTestDriver() {
        assertThat(provider(Map.of("virtshare.libvirt.uri", " qemu:///session "),
                Map.of("LIBVIRT_DEFAULT_URI", "qemu:///system")).uri(context(Optional.empty())))
                .isEqualTo("qemu:///session");
        assertThat(provider(Map.of("virtshare.libvirt.uri", " "), Map.of("LIBVIRT_DEFAULT_URI", "qemu:///system"))
                .uri(context(Optional.empty()))).as("a blank property counts as none").isEqualTo("qemu:///system");
        assertThat(provider(Map.of(), Map.of()).uri(context(Optional.empty()))).isEqualTo("test:///default");
    }

    @Test
    void unavailable_whenTheLibraryDoesNotLoad_saysWhatToInstall() {
        LibvirtBackendProvider missing = new LibvirtBackendProvider(() -> {
            throw new UnsatisfiedLinkError("Unable to load library 'virt': libvirt.so: cannot open shared object file");
        }, Map.<String, String>of()::get, Map.<String, String>of()::get);

        assertThat(missing.unavailable()).hasValue("the libvirt client library (libvirt.so.0) cannot be loaded (Unable"
                + " to load library 'virt': libvirt.so: cannot open shared object file); install it (Debian: apt-get"
                + " install libvirt0), or choose another backend");
    }

    @Test
    void unavailable_whenTheLibraryLoads_isEmpty() {
        assertThat(provider(Map.of(), Map.of()).unavailable()).isEmpty();
    }
}
