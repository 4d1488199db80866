package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import io.virtshare.share.ShareProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The guest-proof ITs' common run: a virtiofs and a 9p share, both mounted, read and written from the guest. */
final class BothProtocols {
    private BothProtocols() {
    }

    static GuestReport proveBoth(GuestVia via, Path stateDir, Share virtiofs, Share ninep) throws IOException {
        GuestReport report;
        try (GuestProbe probe = GuestProbe.builder().share(virtiofs).share(ninep).via(via).stateDirectory(stateDir)
                .progress(p -> System.err.println("probe: " + p.item())).build()) {
            report = probe.run();
        }
        assertThat(report.failure()).as(String.join("\n", report.consoleTail())).isEmpty();
        assertThat(report.shares()).as(report.shares().toString()).extracting(ShareReport::tag, ShareReport::protocol,
                ShareReport::mounted, ShareReport::readOk, ShareReport::writeOk).containsExactly(
                tuple(virtiofs.tag(), ShareProtocol.VIRTIOFS, true, true, true),
                tuple(ninep.tag(), ShareProtocol.NINE_P, true, true, true));
        assertThat(report.ok()).isTrue();
        System.err.println("guest probe via " + via + " took " + report.elapsed().toMillis() + " ms");
        VmShares vm = VmShares.builder(stateDir).share(virtiofs).share(ninep).build();
        try (Stream<Path> left = Stream.concat(Files.list(vm.source(virtiofs)), Files.list(vm.source(ninep)))) {
            assertThat(left).as("the probe removes its files from the shares").isEmpty();
        }
        return report;
    }
}
