package io.virtshare.domain;

import io.virtshare.InvalidSpecException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What the libvirt that will define a domain accepts, where the SDK's XML depends on it.
 * The SDK never hands out XML the target refuses: a device that needs a newer libvirt is
 * refused when it is built, with the reason and what to do instead.
 *
 * <p>Today one feature depends on the target: <b>read-only virtiofs</b>
 * ({@code <readonly/>} in a {@code <filesystem>} whose driver is virtiofs). libvirt's QEMU
 * driver refuses it before libvirt 11.0.0 ("unsupported configuration: virtiofs does not
 * yet support read-only mode", measured with libvirt 9.0 on Debian 12); libvirt 11.0.0
 * (2025-01-15, release notes: "virtiofs: Allow read only mode") accepts it and asks the
 * virtiofsd it starts for a read-only export with {@code --readonly}, which only the Rust
 * virtiofsd has (its read-only mode came in late 2024, virtiofsd 1.13); the legacy C
 * virtiofsd of QEMU &le; 7.2 has none. The test driver ({@code test:///default}) accepts
 * it on any version, so the rule follows the QEMU driver: what passes here also defines on
 * a QEMU host of that libvirt version.
 *
 * <p>When the target is not known, {@link #unknown()} refuses what some supported libvirt
 * refuses. The alternatives for a read-only share are 9p with {@code <readonly/>}
 * (accepted by every libvirt the SDK supports), a read-only mount in the guest
 * ({@code mount -t virtiofs -o ro}), or a virtiofsd started with its own read-only option
 * (the Rust daemon's {@code --readonly}) whose socket libvirt is given.
 *
 * <pre>{@code
 * LibvirtFeatures here = LibvirtFeatures.of(9, 0, 0);          // from VirtShare.features() when connected
 * boolean ok = here.readOnlyVirtiofs();                        // false: libvirt 9.0 refuses it
 * FilesystemDevice fs = FilesystemDevice.virtiofs(Path.of("/srv/models"), "models")
 *         .readOnly(true).features(LibvirtFeatures.of(11, 0, 0)).build();
 * }</pre>
 */
public final class LibvirtFeatures {
    /** The first libvirt whose QEMU driver accepts {@code <readonly/>} on virtiofs. */
    private static final int[] READ_ONLY_VIRTIOFS = {11, 0, 0};

    private static final LibvirtFeatures UNKNOWN = new LibvirtFeatures(null);

    private final int[] version;

    private LibvirtFeatures(int[] version) {
        this.version = version;
    }

    /** A target whose libvirt is not known: only what every supported libvirt accepts. */
    public static LibvirtFeatures unknown() {
        return UNKNOWN;
    }

    /**
     * The features of libvirt {@code major.minor.release}.
     *
     * @throws IllegalArgumentException when a component is negative
     */
    public static LibvirtFeatures of(int major, int minor, int release) {
        if (major < 0 || minor < 0 || release < 0) {
            throw new InvalidSpecException("libvirt version components must not be negative: " + major + "."
                    + minor + "." + release + "; give the version libvirt reports, e.g. 9.0.0");
        }
        return new LibvirtFeatures(new int[] {major, minor, release});
    }

    /** The libvirt version, as {@code major.minor.release}, when known. */
    public Optional<String> version() {
        return version == null ? Optional.empty()
                : Optional.of(version[0] + "." + version[1] + "." + version[2]);
    }

    /**
     * Whether this libvirt's QEMU driver accepts {@code <readonly/>} on a virtiofs
     * {@code <filesystem>}: libvirt 11.0.0 or later.
     */
    public boolean readOnlyVirtiofs() {
        return version != null && Arrays.compare(version, READ_ONLY_VIRTIOFS) >= 0;
    }

    /**
     * Why the read-only virtiofs filesystem tagged {@code tag} is refused on this target, and
     * what to do instead: one line.
     */
    String readOnlyVirtiofsRefusal(String tag) {
        return "virtiofs filesystem '" + tag + "' is read-only, which libvirt's QEMU driver accepts only from libvirt"
                + " 11.0.0 (target libvirt: " + version().orElse("not known") + "); share it read-only through 9p,"
                + " mount it read-only in the guest (mount -t virtiofs -o ro), or run a virtiofsd with --readonly"
                + " (the Rust daemon) and give libvirt its socket; on libvirt 11.0.0 or later give its LibvirtFeatures";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LibvirtFeatures f && Arrays.equals(version, f.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version());
    }

    @Override
    public String toString() {
        return "LibvirtFeatures[" + version().map(v -> "libvirt " + v).orElse("unknown libvirt") + "]";
    }
}
