package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolChange;
import io.virtshare.storage.PoolDeclaration;
import io.virtshare.storage.PoolDrift;
import io.virtshare.storage.PoolReconcile;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.ReconcileReport;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconcile rules for what only a pool with a source shows, on libvirt's in-process test
 * driver (which starts a netfs pool without mounting anything): a started pool whose source
 * differs is refused and left as it is, a stopped one is redefined with its UUID kept, a pool
 * of another type is refused.
 */
@RequiresHost(HostTool.LIBVIRT_LIBRARY)
class TestDriverPoolReconcileTest {
    private final String name = "vs-rc-" + UUID.randomUUID().toString().substring(0, 8);
    private final VirtShare host = TestPools.open("test:///default");

    @AfterEach
    void removePool() {
        try (host) {
            TestPools.remove(host, name);
        }
    }

    private PoolSpec netfs(String server) {
        return PoolSpec.netfs(name).host(server).dir(Path.of("/exports/images")).format(FormatType.NFS)
                .target(Path.of("/virtshare-test/" + name)).build();
    }

    @Test
    void startedPoolWhoseSourceDiffers_isRefusedWithTheReason_andLeftAsItIs() {
        Pool pool = host.pools().create(netfs("nfs1.example.com"));
        String before = pool.xml();

        ReconcileReport report = PoolReconcile.defaults().applyTo(List.of(PoolDeclaration.of(
                netfs("nfs2.example.com"))), List.of(host)).get(0);

        assertThat(report.drift()).containsExactly(new PoolDrift(name, Optional.empty(), "/pool/source/host/@name",
                Optional.of("nfs2.example.com"), Optional.of("nfs1.example.com")));
        assertThat(report.changes()).isEmpty();
        assertThat(report.refusals()).singleElement().satisfies(r -> assertThat(r.reason())
                .isEqualTo("pool " + name + " on test:///default is started and its source differs"
                        + " (/pool/source/host/@name): switching the storage under a started pool, whose volumes"
                        + " guests may use, is not safe; stop it (virsh -c test:///default pool-destroy " + name
                        + ") once nothing uses it and apply again, or change the declaration"));
        assertThat(pool.xml()).isEqualTo(before);
        assertThat(report.nothingToDo()).isFalse();
    }

    @Test
    void stoppedPoolWhoseSourceDiffers_isRedefinedKeepingItsUuid_andStarted() {
        Pool pool = host.pools().create(netfs("nfs1.example.com")).stop();
        String uuid = pool.uuid();
        PoolDeclaration declared = PoolDeclaration.of(netfs("nfs2.example.com")).withAutostart(true);

        ReconcileReport report = PoolReconcile.defaults().applyTo(List.of(declared), List.of(host)).get(0);

        assertThat(report.changes()).containsExactly(new PoolChange.Redefine(name, report.drift()),
                new PoolChange.Start(name), new PoolChange.Autostart(name, true));
        Pool after = host.pools().get(name);
        assertThat(after.uuid()).isEqualTo(uuid);
        assertThat(after.isActive()).isTrue();
        assertThat(after.autostart()).isTrue();
        assertThat(after.spec().source().orElseThrow().toString()).contains("nfs2.example.com");
        assertThat(PoolReconcile.defaults().applyTo(List.of(declared), List.of(host)).get(0).nothingToDo()).isTrue();
    }

    @Test
    void poolOfAnotherTypeUnderTheDeclaredName_isRefused_andNotTouched() {
        host.pools().create(PoolSpec.dir(name).target(Path.of("/virtshare-test/" + name)).build()).stop();

        ReconcileReport report = PoolReconcile.defaults().applyTo(List.of(PoolDeclaration.of(
                netfs("nfs1.example.com"))), List.of(host)).get(0);

        assertThat(report.changes()).isEmpty();
        assertThat(report.refusals()).singleElement().satisfies(r -> assertThat(r.reason())
                .startsWith("pool " + name + " on test:///default is a dir pool, declared netfs: a pool's type"
                        + " cannot change"));
        assertThat(host.pools().get(name).isActive()).as("not even started").isFalse();
    }

    @Test
    void planOn_changesNothing_evenWhereApplyWouldRedefine() {
        Pool pool = host.pools().create(netfs("nfs1.example.com")).stop();
        String before = pool.xml();

        ReconcileReport plan = PoolReconcile.defaults().planOn(List.of(PoolDeclaration.of(netfs("nfs2.example.com"))),
                List.of(host)).get(0);

        assertThat(plan).isInstanceOfSatisfying(ReconcileReport.Reconciled.class, r -> assertThat(r.dryRun()).isTrue());
        assertThat(plan.changes()).extracting(PoolChange::describe).containsExactly(
                "redefine pool " + name + " (1 field)", "start pool " + name);
        assertThat(pool.xml()).isEqualTo(before);
        assertThat(pool.isActive()).isFalse();
    }
}
