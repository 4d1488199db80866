package io.virtshare.testkit.guest;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.time.Duration;
import java.util.List;

/** The names of all domains (running or defined) on qemu:///system, from virsh. */
final class LibvirtDomains {
    private LibvirtDomains() {
    }

    static List<String> names() {
        CommandResult run = CommandRunner.run(Duration.ofSeconds(30),
                List.of("virsh", "-c", "qemu:///system", "list", "--all", "--name"));
        if (!run.succeeded()) {
            throw new IllegalStateException(run.describe());
        }
        return run.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
