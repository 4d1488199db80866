package io.virtshare.share.virtiofsd;

import io.virtshare.InvalidSpecException;
import io.virtshare.internal.share.DaemonFiles;
import io.virtshare.internal.share.SupervisedVirtiofsd;
import io.virtshare.share.Share;
import io.virtshare.share.SharePreflight;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VirtiofsdArguments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Starts one supervised virtiofsd per virtiofs share: checks the shares first (all
 * problems reported at once), removes stale sockets and pid files, builds the command
 * line for the daemon's flavour, keeps one log file per share, waits for readiness
 * without connecting to the socket (virtiofsd serves exactly one connection), and
 * restarts per {@link RestartPolicy}. Immutable and shareable; every wait is bounded.
 *
 * <pre>{@code
 * VirtiofsdLauncher launcher = Virtiofsd.launcher()
 *         .stateDirectory(Path.of("/var/lib/microvms/web"))     // relative sources, sockets, logs
 *         .readyTimeout(Duration.ofSeconds(10))
 *         .restartPolicy(RestartPolicy.onFailure(3))
 *         .build();                                              // finds virtiofsd unless binary(...) was given
 * try (VirtiofsdGroup daemons = launcher.startAll(List.of(home, models))) {
 *     // start the VM
 * }
 * }</pre>
 */
public final class VirtiofsdLauncher {
    private final VirtiofsdBinary binary;
    private final Path stateDirectory;
    private final Path logDirectory;
    private final Duration readyTimeout;
    private final Duration stopTimeout;
    private final RestartPolicy restartPolicy;
    private final List<String> extraArguments;

    private VirtiofsdLauncher(Builder b, VirtiofsdBinary binary) {
        this.binary = binary;
        this.stateDirectory = b.stateDirectory.toAbsolutePath().normalize();
        this.logDirectory = (b.logDirectory == null ? stateDirectory : b.logDirectory).toAbsolutePath().normalize();
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
     * Starts the daemon for one virtiofs share and waits until it is ready.
     *
     * @throws io.virtshare.share.SharesRejectedException when the share fails the pre-flight checks
     * @throws VirtiofsdStartException when the daemon does not become ready (nothing is left running)
     */
    public Virtiofsd start(Share share) {
        if (share.protocol() != ShareProtocol.VIRTIOFS) {
            throw new InvalidSpecException("share '" + share.tag() + "' is 9p; QEMU serves it, start no virtiofsd");
        }
        SharePreflight.of(stateDirectory).withFlavour(binary.flavour()).validate(List.of(share));
        return SupervisedVirtiofsd.start(this, share, command(share), DaemonFiles.of(share.socketPath(stateDirectory)));
    }

    /**
     * Starts one daemon for each virtiofs share (9p shares need none and are skipped),
     * after checking all shares together. When one fails to start, those already started
     * are stopped before the error is thrown.
     *
     * @throws io.virtshare.share.SharesRejectedException listing every problem found
     * @throws VirtiofsdStartException for the first daemon that did not start
     */
    public VirtiofsdGroup startAll(List<Share> shares) {
        SharePreflight.of(stateDirectory).withFlavour(binary.flavour()).validate(shares);
        List<Virtiofsd> started = new ArrayList<>();
        try {
            for (Share share : shares) {
                if (share.protocol() == ShareProtocol.VIRTIOFS) {
                    started.add(SupervisedVirtiofsd.start(this, share, command(share),
                            DaemonFiles.of(share.socketPath(stateDirectory))));
                }
            }
        } catch (RuntimeException e) {
            VirtiofsdGroup.closeAll(started);
            throw e;
        }
        return new VirtiofsdGroup(started);
    }

    /** The full command line for {@code share}: the binary, the flavour's arguments, the extra arguments. */
    public List<String> command(Share share) {
        List<String> command = new ArrayList<>();
        command.add(binary.path().toString());
        command.addAll(VirtiofsdArguments.of(binary.flavour(), share, stateDirectory));
        command.addAll(extraArguments);
        return List.copyOf(command);
    }

    /** The log file of {@code share}: {@code <logDirectory>/virtiofsd-<tag>.log} (unsafe characters %-encoded). */
    public Path logFile(Share share) {
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
        return logDirectory.resolve(name.append(".log").toString());
    }

    /** The daemon this launcher runs. */
    public VirtiofsdBinary binary() {
        return binary;
    }

    /** Where relative sources and default sockets live. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** Where the per-share logs go. */
    public Path logDirectory() {
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
        private Path stateDirectory;
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

        /** The VM's state directory: relative sources and default sockets resolve against it (required). */
        public Builder stateDirectory(Path value) {
            this.stateDirectory = Objects.requireNonNull(value, "stateDirectory");
            return this;
        }

        /** Where the per-share logs go (default: the state directory). */
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
         * @throws InvalidSpecException when no state directory was given
         * @throws VirtiofsdException when no virtiofsd was given and none is found
         */
        public VirtiofsdLauncher build() {
            if (stateDirectory == null) {
                throw new InvalidSpecException("the launcher needs the VM's state directory: stateDirectory(path)");
            }
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
