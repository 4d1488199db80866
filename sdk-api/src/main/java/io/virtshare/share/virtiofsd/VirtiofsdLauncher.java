package io.virtshare.share.virtiofsd;

import io.virtshare.InvalidSpecException;
import io.virtshare.internal.share.DaemonFiles;
import io.virtshare.internal.share.SupervisedVirtiofsd;
import io.virtshare.internal.share.VirtiofsdArguments;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VmShares;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts one supervised virtiofsd per virtiofs share of a VM ({@link VmShares}, whose state
 * directory holds relative sources, sockets and, by default, the logs): checks the VM's
 * shares first (all problems reported at once), removes stale sockets and pid files,
 * builds the command line for the daemon's flavour, keeps one log file per share, waits
 * for readiness without connecting to the socket (virtiofsd serves exactly one
 * connection), and restarts per {@link RestartPolicy}. Immutable and shareable between
 * VMs; every wait is bounded.
 *
 * <pre>{@code
 * VirtiofsdLauncher launcher = Virtiofsd.launcher()
 *         .readyTimeout(Duration.ofSeconds(10))
 *         .restartPolicy(RestartPolicy.onFailure(3))
 *         .build();                                              // finds virtiofsd unless binary(...) was given
 * try (VirtiofsdGroup daemons = launcher.startAll(vm)) {         // vm: a VmShares
 *     // start the VM
 * }
 * }</pre>
 */
public final class VirtiofsdLauncher {
    private final VirtiofsdBinary binary;
    private final Optional<Path> logDirectory;
    private final Duration readyTimeout;
    private final Duration stopTimeout;
    private final RestartPolicy restartPolicy;
    private final List<String> extraArguments;

    private VirtiofsdLauncher(Builder b, VirtiofsdBinary binary) {
        this.binary = binary;
        this.logDirectory = Optional.ofNullable(b.logDirectory).map(p -> p.toAbsolutePath().normalize());
        this.readyTimeout = b.readyTimeout;
        this.stopTimeout = b.stopTimeout;
        this.restartPolicy = b.restartPolicy;
        this.extraArguments = List.copyOf(b.extraArguments);
    }

    /** A builder with the defaults: ready within 10 s, stop within 5 s, no restarts. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the daemon for {@code share}, one of the virtiofs shares of {@code vm}, and
     * waits until it is ready.
     *
     * @throws io.virtshare.share.SharesRejectedException when the share fails the pre-flight checks
     * @throws VirtiofsdStartException when the daemon does not become ready (nothing is left running)
     */
    public Virtiofsd start(VmShares vm, Share share) {
        Path socket = vm.socket(share);     // refuses a share of another VM, and 9p
        VmShares.builder(vm.stateDirectory()).share(share).build().check(binary.flavour());
        return SupervisedVirtiofsd.start(this, share, command(vm, share), logFile(vm, share), DaemonFiles.of(socket));
    }

    /**
     * Starts one daemon for each virtiofs share of {@code vm} (9p shares need none and are
     * skipped), after checking all of the VM's shares together. When one fails to start,
     * those already started are stopped before the error is thrown.
     *
     * @throws io.virtshare.share.SharesRejectedException listing every problem found
     * @throws VirtiofsdStartException for the first daemon that did not start
     */
    public VirtiofsdGroup startAll(VmShares vm) {
        vm.check(binary.flavour());
        List<Virtiofsd> started = new ArrayList<>();
        try {
            for (Share share : vm.shares()) {
                if (share.protocol() == ShareProtocol.VIRTIOFS) {
                    started.add(SupervisedVirtiofsd.start(this, share, command(vm, share), logFile(vm, share),
                            DaemonFiles.of(vm.socket(share))));
                }
            }
        } catch (RuntimeException e) {
            VirtiofsdGroup.closeAll(started);
            throw e;
        }
        return new VirtiofsdGroup(started);
    }

    /**
     * The full command line for {@code share} of {@code vm}: the binary, the flavour's
     * arguments, the extra arguments.
     *
     * @throws InvalidSpecException when the share is 9p, not one of the VM's, or uses what the flavour lacks
     */
    public List<String> command(VmShares vm, Share share) {
        List<String> command = new ArrayList<>();
        command.add(binary.path().toString());
        command.addAll(VirtiofsdArguments.of(binary.flavour(), vm, share));
        command.addAll(extraArguments);
        return List.copyOf(command);
    }

    /**
     * The log file of {@code share}: {@code <logDirectory>/virtiofsd-<tag>.log} (unsafe
     * characters %-encoded), the log directory being the VM's state directory unless the
     * builder named one.
     */
    public Path logFile(VmShares vm, Share share) {
        StringBuilder name = new StringBuilder("virtiofsd-");
        for (byte b : share.tag().getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.') {
                name.append((char) c);
            } else {
                name.append(String.format("%%%02X", c));
            }
        }
        return logDirectory.orElse(vm.stateDirectory()).resolve(name.append(".log").toString());
    }

    /** The daemon this launcher runs. */
    public VirtiofsdBinary binary() {
        return binary;
    }

    /** Where the per-share logs go, when not in each VM's state directory. */
    public Optional<Path> logDirectory() {
        return logDirectory;
    }

    /** How long a start may take until the daemon is ready. */
    public Duration readyTimeout() {
        return readyTimeout;
    }

    /** How long a stop waits after SIGTERM before SIGKILL. */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** When daemons are started again. */
    public RestartPolicy restartPolicy() {
        return restartPolicy;
    }

    /** Builds a {@link VirtiofsdLauncher}. */
    public static final class Builder {
        private VirtiofsdBinary binary;
        private Path binaryPath;
        private Path logDirectory;
        private Duration readyTimeout = Duration.ofSeconds(10);
        private Duration stopTimeout = Duration.ofSeconds(5);
        private RestartPolicy restartPolicy = RestartPolicy.never();
        private final List<String> extraArguments = new ArrayList<>();

        private Builder() {
        }

        /** The daemon to run (default: {@link VirtiofsdBinary#find()}). */
        public Builder binary(VirtiofsdBinary value) {
            this.binary = Objects.requireNonNull(value, "binary");
            return this;
        }

        /** The daemon to run, identified when the launcher is built. */
        public Builder binaryPath(Path value) {
            this.binaryPath = Objects.requireNonNull(value, "binaryPath");
            return this;
        }

        /** Where the per-share logs go (default: each VM's state directory). */
        public Builder logDirectory(Path value) {
            this.logDirectory = Objects.requireNonNull(value, "logDirectory");
            return this;
        }

        /** How long a start may take (default 10 s). */
        public Builder readyTimeout(Duration value) {
            this.readyTimeout = positive(value, "readyTimeout");
            return this;
        }

        /** How long to wait after SIGTERM before SIGKILL (default 5 s). */
        public Builder stopTimeout(Duration value) {
            this.stopTimeout = positive(value, "stopTimeout");
            return this;
        }

        /** When to start a daemon again (default: never). */
        public Builder restartPolicy(RestartPolicy value) {
            this.restartPolicy = Objects.requireNonNull(value, "restartPolicy");
            return this;
        }

        /** Arguments appended to every command line, e.g. {@code --rlimit-nofile=1048576}. */
        public Builder extraArguments(String... values) {
            extraArguments.addAll(List.of(values));
            return this;
        }

        /**
         * The launcher.
         *
         * @throws VirtiofsdException when no virtiofsd was given and none is found
         */
        public VirtiofsdLauncher build() {
            VirtiofsdBinary daemon = binary;
            if (daemon == null && binaryPath != null) {
                daemon = VirtiofsdBinary.detect(binaryPath);
            }
            if (daemon == null) {
                daemon = VirtiofsdBinary.find().orElseThrow(() -> new VirtiofsdException(null, "no virtiofsd on"
                        + " this host (searched PATH, " + VirtiofsdBinary.WELL_KNOWN_LOCATIONS + " and the vhost-user"
                        + " descriptors); install qemu-system-common (Debian 12) or virtiofsd, or give binaryPath"));
            }
            return new VirtiofsdLauncher(this, daemon);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new InvalidSpecException(name + " must be a positive duration, not " + value);
            }
            return value;
        }
    }
}
