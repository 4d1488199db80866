package io.virtshare.share;

import io.virtshare.internal.share.PreflightRules;
import io.virtshare.internal.share.ZfsCheck;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a VM's shares (and volumes and writable overlays) before anything starts, and
 * reports every problem at once: duplicate tags, sockets and mount points; socket paths
 * over the 107-byte {@code sun_path} limit; sources that are missing or not directories;
 * ZFS sources without {@code xattr=sa} and {@code acltype=posixacl}; options the detected
 * virtiofsd flavour rejects; overlay upper layers that are not on a volume.
 *
 * <pre>{@code
 * SharePreflight preflight = SharePreflight.of(Path.of("/var/lib/microvms/web"))
 *         .withFlavour(VirtiofsdBinary.find().orElseThrow().flavour());
 * List<ShareProblem> problems = preflight.check(shares);   // empty when all is well
 * preflight.validate(shares);                               // or throw SharesRejectedException
 * }</pre>
 */
public final class SharePreflight {
    private final Path stateDirectory;
    private final Optional<VirtiofsdFlavour> flavour;

    private SharePreflight(Path stateDirectory, Optional<VirtiofsdFlavour> flavour) {
        this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory").toAbsolutePath().normalize();
        this.flavour = flavour;
    }

    /** Checks against the VM state directory {@code stateDirectory}, without a flavour check. */
    public static SharePreflight of(Path stateDirectory) {
        return new SharePreflight(stateDirectory, Optional.empty());
    }

    /** These checks, also refusing options the {@code daemon} flavour lacks. */
    public SharePreflight withFlavour(VirtiofsdFlavour daemon) {
        return new SharePreflight(stateDirectory, Optional.of(daemon));
    }

    /** The problems of {@code shares}; empty when there are none. */
    public List<ShareProblem> check(List<Share> shares) {
        return check(shares, List.of(), List.of());
    }

    /** The problems of a VM's shares, volumes and writable overlays together; empty when there are none. */
    public List<ShareProblem> check(List<Share> shares, List<Volume> volumes, List<WritableOverlay> overlays) {
        return new PreflightRules(stateDirectory, flavour, ZfsCheck.onThisHost()).check(shares, volumes, overlays);
    }

    /**
     * Throws when {@link #check(List)} finds anything.
     *
     * @throws SharesRejectedException listing every problem
     */
    public void validate(List<Share> shares) {
        validate(shares, List.of(), List.of());
    }

    /**
     * Throws when {@link #check(List, List, List)} finds anything.
     *
     * @throws SharesRejectedException listing every problem
     */
    public void validate(List<Share> shares, List<Volume> volumes, List<WritableOverlay> overlays) {
        List<ShareProblem> problems = check(shares, volumes, overlays);
        if (!problems.isEmpty()) {
            throw new SharesRejectedException(problems);
        }
    }
}
