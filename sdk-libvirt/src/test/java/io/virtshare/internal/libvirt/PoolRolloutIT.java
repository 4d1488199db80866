package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;

import io.virtshare.VirtShare;
import io.virtshare.storage.HostResult;
import io.virtshare.storage.PoolRollout;

import io.virtshare.storage.PoolState;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.storage.PoolSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One pool spec applied to the test driver, the real daemon and a host that does not exist. */
class PoolRolloutIT {
    @TempDir
    Path tmp;

    private final String name = "vs-it-many-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void apply_givesEachHostItsResult_andOneBadHostFailsAlone() {
        PoolSpec spec = PoolSpec.dir(name).target(tmp.resolve("pool")).build();
        List<String> uris = List.of("test:///default", "qemu:///system", "qemu+tcp://vs-no-such-host.invalid/system");
        PoolRollout rollout = PoolRollout.builder().parallelism(3).timeout(Duration.ofSeconds(40)).build();
        try {
            List<HostResult> results = rollout.apply(spec, uris);

            assertThat(results).extracting(HostResult::uri).containsExactlyElementsOf(uris);
            assertThat(results.get(0)).isInstanceOfSatisfying(HostResult.Applied.class, a -> {
                assertThat(a.created()).isTrue();
                assertThat(a.pool().state()).isEqualTo(PoolState.RUNNING);
            });
            assertThat(results.get(1)).isInstanceOfSatisfying(HostResult.Applied.class, a -> {
                assertThat(a.created()).isTrue();
                assertThat(a.pool().name()).isEqualTo(name);
            });
            assertThat(tmp.resolve("pool")).isDirectory();
            assertThat(results.get(2).ok()).isFalse();
            assertThat(results.get(2).error().orElseThrow()).isInstanceOf(BackendException.class)
                    .hasMessageContaining("vs-no-such-host.invalid")
                    .hasMessageContaining("check the host name");

            List<HostResult> again = rollout.apply(spec, uris.subList(1, 2));
            assertThat(again.get(0)).isInstanceOfSatisfying(HostResult.Applied.class,
                    a -> assertThat(a.created()).as("an existing pool is kept").isFalse());
        } finally {
            for (String uri : uris.subList(0, 2)) {
                try (VirtShare host = TestPools.open(uri)) {
                    TestPools.remove(host, name);
                }
            }
        }
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void applyTo_connectedHosts_startsAnExistingStoppedPool() {
        try (VirtShare host = TestPools.open("test:///default")) {
            PoolSpec spec = PoolSpec.dir(name).target(Path.of("/virtshare-test/" + name)).build();
            host.pools().create(spec).stop();
            try {
                List<HostResult> results = PoolRollout.defaults().applyTo(spec, List.of(host));

                assertThat(results).singleElement().isInstanceOfSatisfying(HostResult.Applied.class, a -> {
                    assertThat(a.created()).isFalse();
                    assertThat(a.pool().state()).isEqualTo(PoolState.RUNNING);
                });
                assertThat(TestPools.host(host).isClosed()).as("given connections stay open").isFalse();
            } finally {
                TestPools.remove(host, name);
            }
        }
    }
}
