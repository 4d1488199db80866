package io.virtshare.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PoolRollout without any libvirt: its checks, and what each host gets when the libvirt backend is missing. */
class PoolRolloutTest {
    @TempDir
    Path home;

    @Test
    void invalidSpec_isRefusedForAllHostsAtOnce() {
        PoolSpec noTarget = PoolSpec.dir("images").build();

        assertThatThrownBy(() -> PoolRollout.defaults().apply(noTarget, List.of("test:///default")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("needs a target path");
    }

    @Test
    void builder_refusesNonsense_sayingWhatToGive() {
        assertThatThrownBy(() -> PoolRollout.builder().parallelism(0)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("parallelism must be 1 to 256, not 0; give how many hosts to work on at a time");
        assertThatThrownBy(() -> PoolRollout.builder().timeout(Duration.ZERO))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("the timeout must be positive, not PT0S; give e.g. Duration.ofMinutes(2)");
        assertThatThrownBy(() -> PoolRollout.builder().home(null)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("home directory must not be null");
    }

    @Test
    void apply_withoutTheLibvirtBackendOnTheClassPath_failsEveryHost_sayingWhatToAdd() {
        PoolSpec spec = PoolSpec.dir("images").target(Path.of("/srv/images")).build();
        List<String> uris = List.of("qemu+ssh://root@kvm1/system", "qemu+ssh://root@kvm2/system");

        List<HostResult> results = PoolRollout.builder().home(home).build().apply(spec, uris);

        assertThat(results).extracting(HostResult::uri).containsExactlyElementsOf(uris);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.info()).isEmpty();
            BackendException error = r.error().orElseThrow();
            assertThat(error.backend()).isEqualTo("libvirt");
            assertThat(error.failure()).isEqualTo(BackendFailure.UNAVAILABLE);
            assertThat(error).hasMessageStartingWith("no backend called 'libvirt'")
                    .hasMessageContaining("is on the class path")
                    .hasMessageContaining("io.virtshare:sdk-libvirt: add it to the class path");
        });
    }
}
