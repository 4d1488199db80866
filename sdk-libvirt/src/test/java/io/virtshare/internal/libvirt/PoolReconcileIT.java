package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.storage.Permissions;
import io.virtshare.storage.PoolChange;
import io.virtshare.storage.PoolDeclaration;
import io.virtshare.storage.PoolDrift;
import io.virtshare.storage.PoolReconcile;
import io.virtshare.storage.PoolRefusal;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.ReconcileReport;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.LocalSshd;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciling pools for real: the host's daemon reached as {@code qemu+ssh://} through the
 * testkit's private sshd and as {@code qemu:///system}, beside a host that cannot be reached.
 * Both URIs lead to one daemon, so the hosts are worked on one after the other: the first makes
 * the changes, the second finds them made. What the dry run and the second apply leave is
 * checked with {@code virsh}, not with the SDK.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD, HostTool.SSHD})
class PoolReconcileIT {
    private static final String SYSTEM = "qemu:///system";
    private static final String UNREACHABLE = "qemu+ssh://root@127.0.0.1:1/system?no_tty=1";

    @TempDir
    Path tmp;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String fresh = "vs-rc-new-" + id;
    private final String stopped = "vs-rc-stopped-" + id;
    private final String started = "vs-rc-started-" + id;

    @Test
    void reconcile_reportsDriftFieldByField_dryRunChangesNothing_andASecondApplyHasNothingToDo() throws Exception {
        PoolDeclaration newPool = PoolDeclaration.of(PoolSpec.dir(fresh).target(tmp.resolve("new")).build(),
                VolumeSpec.builder("a.raw").capacity(Size.mib(1)).build(),
                VolumeSpec.builder("b.raw").capacity(Size.mib(2)).build()).withAutostart(true);
        PoolDeclaration movedWhileStopped = PoolDeclaration.of(PoolSpec.dir(stopped).target(tmp.resolve("moved"))
                .permissions(mode(0750))
                .build());
        PoolDeclaration movedWhileStarted = PoolDeclaration.of(PoolSpec.dir(started).target(tmp.resolve("wanted"))
                .build(), VolumeSpec.builder("c.raw").capacity(Size.mib(1)).build());
        List<PoolDeclaration> declared = List.of(newPool, movedWhileStopped, movedWhileStarted);
        try (LocalSshd sshd = LocalSshd.start(); VirtShare local = TestPools.open(SYSTEM)) {
            try {
                local.pools().create(PoolSpec.dir(stopped).target(tmp.resolve("old")).permissions(mode(0755)).build())
                        .stop();
                local.pools().create(PoolSpec.dir(started).target(tmp.resolve("where-it-is")).build());
                List<String> hosts = List.of(sshd.libvirtUri("system"), SYSTEM, UNREACHABLE);
                PoolReconcile reconcile = PoolReconcile.builder().parallelism(1)
                        .connectTimeout(Duration.ofSeconds(20)).timeout(Duration.ofMinutes(3)).build();
                String stoppedBefore = virsh("pool-dumpxml", stopped);
                String startedBefore = virsh("pool-dumpxml", started);

                List<ReconcileReport> plan = reconcile.plan(declared, hosts);

                assertThat(plan).extracting(ReconcileReport::uri).containsExactlyElementsOf(hosts);
                for (ReconcileReport host : plan.subList(0, 2)) {
                    assertThat(host).isInstanceOfSatisfying(ReconcileReport.Reconciled.class,
                            r -> assertThat(r.dryRun()).isTrue());
                    assertThat(host.drift()).extracting(PoolDrift::pool, PoolDrift::field, PoolDrift::expected,
                            PoolDrift::actual).containsExactly(
                                    org.assertj.core.groups.Tuple.tuple(stopped, "/pool/target/path",
                                            Optional.of(tmp.resolve("moved").toString()),
                                            Optional.of(tmp.resolve("old").toString())),
                                    org.assertj.core.groups.Tuple.tuple(stopped, "/pool/target/permissions/mode",
                                            Optional.of("0750"), Optional.of("0755")),
                                    org.assertj.core.groups.Tuple.tuple(started, "/pool/target/path",
                                            Optional.of(tmp.resolve("wanted").toString()),
                                            Optional.of(tmp.resolve("where-it-is").toString())));
                    assertThat(host.changes()).containsExactly(new PoolChange.Define(fresh, "dir"),
                            new PoolChange.Start(fresh), new PoolChange.Autostart(fresh, true),
                            new PoolChange.CreateVolume(fresh, "a.raw", Size.mib(1)),
                            new PoolChange.CreateVolume(fresh, "b.raw", Size.mib(2)),
                            new PoolChange.Redefine(stopped, host.drift().subList(0, 2)),
                            new PoolChange.Start(stopped));
                    assertThat(host.refusals()).singleElement().satisfies(r -> {
                        assertThat(r.pool()).isEqualTo(started);
                        assertThat(r.reason()).contains("is started and its definition differs (/pool/target/path)")
                                .contains("pool-destroy " + started);
                    });
                }
                assertThat(plan.get(2)).isInstanceOfSatisfying(ReconcileReport.Unreachable.class,
                        u -> assertThat(u.cause()).hasMessageContaining("127.0.0.1:1"));
                assertThat(virshStatus("pool-info", fresh)).as("the dry run defined nothing").isNotZero();
                assertThat(virsh("pool-dumpxml", stopped)).as("the dry run changed nothing").isEqualTo(stoppedBefore);
                assertThat(virsh("pool-dumpxml", started)).isEqualTo(startedBefore);
                assertThat(virsh("pool-info", stopped)).contains("inactive");

                List<ReconcileReport> applied = reconcile.apply(declared, hosts);

                assertThat(applied.get(0)).isInstanceOfSatisfying(ReconcileReport.Reconciled.class, r -> {
                    assertThat(r.dryRun()).isFalse();
                    assertThat(r.changes()).isEqualTo(plan.get(0).changes());
                    assertThat(r.refusals()).extracting(PoolRefusal::pool).containsExactly(started);
                });
                assertThat(applied.get(1).changes()).as("the same daemon, reconciled a moment ago").isEmpty();
                assertThat(applied.get(1).drift()).extracting(PoolDrift::pool).containsOnly(started);
                assertThat(applied.get(2)).isInstanceOf(ReconcileReport.Unreachable.class);
                assertThat(virsh("pool-info", fresh)).contains("running").containsPattern("Autostart: +yes");
                assertThat(virsh("vol-list", fresh)).contains("a.raw").contains("b.raw");
                assertThat(virsh("pool-info", stopped)).contains("running");
                assertThat(virsh("pool-dumpxml", stopped)).contains("<path>" + tmp.resolve("moved") + "</path>")
                        .contains("<mode>0750</mode>");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("moved"))))
                        .isEqualTo("rwxr-x---");
                assertThat(virsh("pool-dumpxml", started)).as("a started pool is never redefined")
                        .isEqualTo(startedBefore);

                String freshAfter = virsh("pool-dumpxml", fresh);
                String volumesAfter = virsh("vol-list", fresh);
                List<ReconcileReport> again = reconcile.apply(List.of(newPool, movedWhileStopped), hosts);

                assertThat(again.subList(0, 2)).allSatisfy(r -> assertThat(r.nothingToDo()).as(r.toString()).isTrue());
                assertThat(again.get(2)).isInstanceOf(ReconcileReport.Unreachable.class);
                assertThat(virsh("pool-dumpxml", fresh)).isEqualTo(freshAfter);
                assertThat(virsh("vol-list", fresh)).isEqualTo(volumesAfter);
            } finally {
                for (String name : List.of(fresh, stopped, started)) {
                    TestPools.remove(local, name);
                }
            }
        }
    }

    @Test
    void grownVolumeIsGrown_andOneThatWouldShrinkIsRefused_withItsCapacitiesInTheDrift() throws Exception {
        try (VirtShare local = TestPools.open(SYSTEM)) {
            try {
                var pool = local.pools().create(PoolSpec.dir(fresh).target(tmp.resolve("sizes")).build());
                pool.volumes().create(VolumeSpec.builder("grow.raw").capacity(Size.mib(1)).build());
                pool.volumes().create(VolumeSpec.builder("keep.raw").capacity(Size.mib(4)).build());
                PoolDeclaration declared = PoolDeclaration.of(PoolSpec.dir(fresh).target(tmp.resolve("sizes")).build(),
                        VolumeSpec.builder("grow.raw").capacity(Size.mib(3)).build(),
                        VolumeSpec.builder("keep.raw").capacity(Size.mib(2)).build());

                ReconcileReport report = PoolReconcile.defaults().applyTo(List.of(declared), List.of(local)).get(0);

                assertThat(report.changes()).containsExactly(
                        new PoolChange.GrowVolume(fresh, "grow.raw", Size.ofBytes(1 << 20), Size.mib(3)));
                assertThat(report.refusals()).singleElement().satisfies(r -> {
                    assertThat(r.volume()).contains("keep.raw");
                    assertThat(r.reason()).contains("would shrink from 4194304 to 2097152 bytes");
                });
                assertThat(report.drift()).extracting(PoolDrift::volume, PoolDrift::field).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Optional.of("grow.raw"), "/volume/capacity"),
                        org.assertj.core.groups.Tuple.tuple(Optional.of("keep.raw"), "/volume/capacity"));
                assertThat(virsh("vol-info", "--bytes", "--pool", fresh, "grow.raw")).containsPattern(
                        "Capacity: +3145728 bytes");
                assertThat(virsh("vol-info", "--bytes", "--pool", fresh, "keep.raw")).containsPattern(
                        "Capacity: +4194304 bytes");
            } finally {
                TestPools.remove(local, fresh);
            }
        }
    }

    private static Permissions mode(int mode) {
        return new Permissions(Optional.of(mode), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static String virsh(String... args) throws IOException, InterruptedException {
        Process p = virshProcess(args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("virsh " + String.join(" ", args) + ": " + out).isZero();
        return out;
    }

    private static int virshStatus(String... args) throws IOException, InterruptedException {
        Process p = virshProcess(args);
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static Process virshProcess(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("virsh", "-c", SYSTEM));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
