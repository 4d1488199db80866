package io.virtshare.examples;

import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.ToolStatus;
import java.util.List;

/**
 * Recipe: ask whether this host has what virtiofs shares need, and which virtiofsd
 * flavour it runs — the same detection the {@code doctor} command and
 * {@code @RequiresHost} use.
 *
 * <p>Run: {@code java -cp examples/target/virtshare-examples.jar io.virtshare.examples.CheckHost}.
 */
public final class CheckHost {
    private CheckHost() {
    }

    /** Prints one line per tool, then the virtiofsd flavour. */
    public static void main(String[] args) {
        // snippet:check-host
        HostTools tools = HostTools.detect();
        for (HostTool tool : List.of(HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.LIBVIRTD)) {
            ToolStatus status = tools.status(tool);
            System.out.println(tool + ": " + (status.available()
                    ? "ok " + status.version().orElse("")
                    : "missing, " + status.detail()));
        }
        VirtiofsdBinary.find().ifPresent(daemon ->
                System.out.println("virtiofsd flavour: " + daemon.flavour()
                        + (daemon.takesLongOptions() ? " (--shared-dir DIR)" : " (-o source=DIR)")));
        // end:check-host
    }
}
