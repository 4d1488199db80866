package io.virtshare.internal.backend.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.share.Share;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VmShares;
import io.virtshare.share.virtiofsd.Virtiofsd;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.share.virtiofsd.VirtiofsdLauncher;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Hot-plugs virtiofs shares into a running q35 VM this backend started, over QMP: its own
 * supervised virtiofsd first, then {@code chardev-add} and {@code device_add
 * vhost-user-fs-pci} on a spare PCIe root port; unplugs with {@code device_del}, waits for
 * {@code DEVICE_DELETED} (the guest must let the device go), then {@code chardev-remove} and
 * stops the daemon.
 */
final class HotPlug {
    /** How long the guest may take to release an unplugged device. */
    static final Duration UNPLUG_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PRESS_AGAIN = Duration.ofSeconds(8);
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DAEMON_READY = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final VmFiles files;

    HotPlug(Path home, VmFiles files) {
        this.home = home;
        this.files = files;
    }

    /** Plugs {@code share}, one of {@code shares} (the running spec's shares with it added), into the VM. */
    void plug(VmSpec running, VmShares shares, Share share, QemuProcesses.Owned owned) {
        String name = running.name();
        int port = owned.live().reservePort(share.tag()).orElseThrow(() -> error(name, "attach filesystem",
                BackendFailure.NOT_SUPPORTED, "all " + QemuCommand.SPARE_ROOT_PORTS + " spare PCIe root ports of VM '"
                        + name + "' hold hot-plugged shares; detach one, or attach with DeviceScope.CONFIG and"
                        + " restart the VM"));
        Virtiofsd daemon;
        try {
            VirtiofsdBinary binary = VirtiofsdBinary.find().orElseThrow(() -> error(name, "attach filesystem",
                    BackendFailure.UNAVAILABLE, "this host has no virtiofsd (searched PATH and "
                            + VirtiofsdBinary.WELL_KNOWN_LOCATIONS + "); install qemu-system-common or virtiofsd"));
            daemon = VirtiofsdLauncher.builder().binary(binary).logDirectory(shares.stateDirectory())
                    .readyTimeout(DAEMON_READY).build().start(shares, share);
        } catch (RuntimeException e) {
            owned.live().release(share.tag());
            throw e;
        }
        String chardev = "virtshare-char" + port;
        String device = "virtshare-fs" + port;
        try (Qmp qmp = Qmp.connect(files.qmpSocket(running), QMP_TIMEOUT)) {
            ObjectNode chardevArgs = JSON.createObjectNode().put("id", chardev);
            ObjectNode addr = chardevArgs.putObject("backend").put("type", "socket").putObject("data");
            addr.put("server", false);
            addr.putObject("addr").put("type", "unix").putObject("data").put("path", shares.socket(share).toString());
            qmp.execute("chardev-add", chardevArgs);
            try {
                qmp.execute("device_add", JSON.createObjectNode().put("driver", "vhost-user-fs-pci")
                        .put("id", device).put("chardev", chardev).put("tag", share.tag())
                        .put("queue-size", ((VirtiofsOptions) share.options()).queueSize())
                        .put("bus", QemuCommand.rootPort(port)));
            } catch (IOException e) {
                removeChardev(qmp, chardev);
                throw e;
            }
        } catch (IOException e) {
            daemon.close();
            owned.live().release(share.tag());
            throw error(name, "attach filesystem", BackendFailure.FAILED, "QEMU did not take share '" + share.tag()
                    + "': " + e.getMessage() + "; its log is " + files.log(running), e);
        }
        owned.live().plugged(share.tag(), new LiveShares.Plugged(port, device, chardev, daemon));
    }

    /** Unplugs the share tagged {@code tag}, which {@link #plug} plugged. */
    void unplug(VmSpec running, String tag, QemuProcesses.Owned owned) {
        String name = running.name();
        LiveShares.Plugged plugged = owned.live().plugged(tag).orElseThrow(() -> error(name, "detach filesystem",
                BackendFailure.NOT_SUPPORTED, "share '" + tag + "' of VM '" + name + "' was given when QEMU started"
                        + " and sits on its root bus, which cannot unplug; detach it with DeviceScope.CONFIG and"
                        + " restart the VM, or use the libvirt backend"));
        try (Qmp qmp = Qmp.connect(files.qmpSocket(running), QMP_TIMEOUT)) {
            awaitUnplug(qmp, plugged.device());
            removeChardev(qmp, plugged.chardev());
        } catch (IOException e) {
            throw error(name, "detach filesystem", BackendFailure.FAILED, "share '" + tag + "' was not unplugged: "
                    + e.getMessage() + " (the guest must release the device: is it running an OS with PCIe"
                    + " hot-plug?); try again, or detach with DeviceScope.CONFIG and restart the VM", e);
        }
        plugged.daemon().close();
        owned.live().release(tag);
    }

    /**
     * Presses the slot's attention button ({@code device_del}) and waits for the guest to let
     * the device go; presses again every {@link #PRESS_AGAIN} while waiting, as a guest that
     * was still booting at the first press did not see it.
     */
    private static void awaitUnplug(Qmp qmp, String device) throws IOException {
        long deadline = System.nanoTime() + UNPLUG_TIMEOUT.toNanos();
        while (true) {
            try {
                qmp.execute("device_del", JSON.createObjectNode().put("id", device));
            } catch (IOException e) {
                // QEMU may refuse a second press while the first is pending: keep waiting
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("the guest did not release device " + device + " within "
                        + UNPLUG_TIMEOUT.toSeconds() + " s");
            }
            if (qmp.awaitEvent("DEVICE_DELETED", "device", device,
                    Duration.ofNanos(Math.min(left, PRESS_AGAIN.toNanos()))).isPresent()) {
                return;
            }
        }
    }

    private static void removeChardev(Qmp qmp, String chardev) {
        try {
            qmp.execute("chardev-remove", JSON.createObjectNode().put("id", chardev));
        } catch (IOException e) {
            // the device is gone; a chardev left behind holds only a closed socket
        }
    }

    private BackendException error(String name, String operation, BackendFailure failure, String message) {
        return error(name, operation, failure, message, null);
    }

    private BackendException error(String name, String operation, BackendFailure failure, String message,
            Throwable cause) {
        return QemuErrors.error(home, operation, name, failure, message, cause);
    }
}
