package io.virtshare.internal.backend.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.io.IOException;
import java.time.Duration;

/**
 * What a live QEMU is doing, asked over its QMP socket with {@code query-status} and named as
 * the libvirt backend names the same QEMU (libvirt reads the same command):
 *
 * <ul>
 *   <li>{@code running} is {@link VmState#RUNNING};
 *   <li>{@code paused} ({@code stop}), {@code prelaunch} ({@code -S}, never continued),
 *       {@code inmigrate}, {@code postmigrate}, {@code finish-migrate}, {@code save-vm},
 *       {@code restore-vm}, {@code colo}, {@code debug}, {@code io-error} (a disk with
 *       {@code werror}/{@code rerror=stop} failed), {@code watchdog} and {@code internal-error}
 *       are {@link VmState#PAUSED}: the vCPUs stand still, QEMU lives, and {@code cont} (or the
 *       end of the migration or save) may run the guest again;
 *   <li>{@code guest-panicked} ({@code -action panic=pause}) is {@link VmState#CRASHED};
 *   <li>{@code shutdown} (the guest shut down under {@code -no-shutdown}), {@code suspended}
 *       (ACPI S3) and any status this SDK does not know, such as one a newer QEMU adds, are
 *       {@link VmState#OTHER}.
 * </ul>
 *
 * <p>The answer is untrusted input: a missing or non-text status is {@link VmState#OTHER},
 * logged at {@code DEBUG} with at most {@value #MAX_LOGGED} of its characters.
 */
final class QemuStatus {
    /** How long QEMU may take to greet and answer {@code query-status}. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_LOGGED = 64;
    private static final System.Logger LOG = System.getLogger(QemuStatus.class.getName());

    private final VmFiles files;
    private final Duration timeout;

    QemuStatus(VmFiles files, Duration timeout) {
        this.files = files;
        this.timeout = timeout;
    }

    /**
     * Asks the QEMU of {@code spec} what it is doing.
     *
     * @throws IOException when its QMP socket cannot be reached, stays silent past the timeout
     *     (QEMU's monitor serves one client at a time), or answers with an error or not JSON
     */
    VmState query(VmSpec spec) throws IOException {
        try (Qmp qmp = Qmp.connect(files.qmpSocket(spec), timeout)) {
            JsonNode status = qmp.execute("query-status", null).path("status");
            if (!status.isTextual()) {
                LOG.log(System.Logger.Level.DEBUG, "QEMU of VM {0} answered query-status without a status: {1}",
                        spec.name(), shortened(status.toString()));
                return VmState.OTHER;
            }
            return of(status.asText());
        }
    }

    /** QEMU's run state {@code status} (its QAPI {@code RunState}) as the SDK names it. */
    static VmState of(String status) {
        return switch (status) {
            case "running" -> VmState.RUNNING;
            case "paused", "prelaunch", "inmigrate", "postmigrate", "finish-migrate", "save-vm", "restore-vm",
                    "colo", "debug", "io-error", "watchdog", "internal-error" -> VmState.PAUSED;
            case "guest-panicked" -> VmState.CRASHED;
            case "shutdown", "suspended" -> VmState.OTHER;
            default -> {
                LOG.log(System.Logger.Level.DEBUG, "QEMU reported a run state this SDK does not know: {0}",
                        shortened(status));
                yield VmState.OTHER;
            }
        };
    }

    /** {@code text} cut to {@value #MAX_LOGGED} characters, control characters replaced, for a log line. */
    private static String shortened(String text) {
        String cut = text.length() > MAX_LOGGED ? text.substring(0, MAX_LOGGED) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
