package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.share.FilesystemDevices;
import io.virtshare.internal.share.GuestDiskCreator;
import io.virtshare.internal.share.GuestMounts;
import io.virtshare.internal.share.PreflightRules;
import io.virtshare.internal.share.QemuArguments;
import io.virtshare.internal.share.VirtiofsdArguments;
import io.virtshare.share.virtiofsd.VirtiofsdCommand;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one VM is given besides its own disks: its state directory, its shares, the
 * guest disks the SDK makes for it, and an optional writable overlay — one value, with the
 * state directory named once, from which the SDK derives the pre-flight checks, the QEMU
 * arguments, the libvirt {@code <filesystem>} devices, the virtiofsd command lines and the
 * guest mounts.
 *
 * <p>Relative share sources, default virtiofs sockets ({@code <state>/virtiofs-<tag>.sock})
 * and relative disk images resolve against the state directory (microvm.nix's
 * {@code /var/lib/microvms/<name>}). Making the value refuses duplicates — tags, sockets,
 * mount points, disk images and serials — all listed in one {@link SharesRejectedException};
 * {@link #problems()} checks what needs the host (sources, ZFS, socket lengths, the
 * overlay's upper layer, a virtiofsd flavour's options).
 *
 * <pre>{@code
 * VmShares vm = VmShares.builder(Path.of("/var/lib/microvms/web"))
 *         .share(Share.virtiofs("models", Path.of("/srv/models"), Path.of("/models")).build())
 *         .build();
 * vm.check(VirtiofsdFlavour.C);                    // or vm.problems(): every problem at once
 * List<String> qemu = vm.qemuArguments(1024);      // -object memory-backend-memfd,... -chardev socket,...
 * vm.guestMounts().forEach(m -> System.out.println(m.fstabLine()));
 * }</pre>
 *
 * @param stateDirectory where relative sources, sockets, logs and guest disk images live (absolute)
 * @param shares the shared directories: tags, sockets and mount points unique
 * @param disks the guest disks the SDK makes and formats: images, serials and mount points unique
 * @param overlay the writable overlay over a read-only share, if any
 */
public record VmShares(Path stateDirectory, List<Share> shares, List<GuestDisk> disks,
        Optional<WritableOverlay> overlay) {

    public VmShares {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        shares = List.copyOf(shares);
        disks = List.copyOf(disks);
        Objects.requireNonNull(overlay, "overlay");
        if (!stateDirectory.isAbsolute()) {
            throw new InvalidSpecException("the VM's state directory must be absolute, not '" + stateDirectory
                    + "'; e.g. /var/lib/virtshare/vms/<name>");
        }
        stateDirectory = stateDirectory.normalize();
        List<ShareProblem> duplicates = SharesLayout.duplicates(stateDirectory, shares, disks);
        if (!duplicates.isEmpty()) {
            throw new SharesRejectedException(duplicates);
        }
    }

    /** No shares, no disks, no overlay, with {@code stateDirectory} as the VM's state directory. */
    public static VmShares none(Path stateDirectory) {
        return new VmShares(stateDirectory, List.of(), List.of(), Optional.empty());
    }

    /** Starts a value with {@code stateDirectory} as the VM's state directory. */
    public static Builder builder(Path stateDirectory) {
        return new Builder(stateDirectory);
    }

    /** A builder holding this value. */
    public Builder toBuilder() {
        Builder builder = new Builder(stateDirectory);
        builder.shares.addAll(shares);
        builder.disks.addAll(disks);
        builder.overlay = overlay.orElse(null);
        return builder;
    }

    /** This value with {@code share} added. */
    public VmShares withShare(Share share) {
        return toBuilder().share(share).build();
    }

    /** This value without the share tagged {@code tag}. */
    public VmShares withoutShare(String tag) {
        return new VmShares(stateDirectory, shares.stream().filter(s -> !s.tag().equals(tag)).toList(), disks,
                overlay);
    }

    /** The share tagged {@code tag}, if there is one. */
    public Optional<Share> find(String tag) {
        return shares.stream().filter(s -> s.tag().equals(tag)).findFirst();
    }

    /**
     * The share tagged {@code tag}.
     *
     * @throws InvalidSpecException when there is none (the message lists the tags there are)
     */
    public Share get(String tag) {
        return find(tag).orElseThrow(() -> new InvalidSpecException("this VM has no share tagged '" + tag
                + "'; its tags are " + shares.stream().map(Share::tag).toList() + ": use one of them or withShare(..)"));
    }

    /**
     * The host directory {@code share} exports, absolute: a relative source resolved against
     * the state directory.
     *
     * @throws InvalidSpecException when {@code share} is not one of this VM's shares
     */
    public Path source(Share share) {
        return SharesLayout.resolve(stateDirectory, member(share).source());
    }

    /**
     * The vhost-user socket of a virtiofs share, absolute: its own
     * ({@link VirtiofsOptions#withSocket(Path)}, relative to the state directory) or
     * {@code <state>/virtiofs-<tag>.sock}.
     *
     * @throws InvalidSpecException when {@code share} is not one of this VM's shares, or is 9p
     *     (QEMU serves 9p itself, without a socket)
     */
    public Path socket(Share share) {
        if (member(share).protocol() != ShareProtocol.VIRTIOFS) {
            throw new InvalidSpecException("share '" + share.tag() + "' is 9p and has no virtiofsd socket; QEMU"
                    + " serves it itself (see qemuArguments)");
        }
        return SharesLayout.socket(stateDirectory, share);
    }

    /**
     * The image file of {@code disk}, absolute: a relative image resolved against the state
     * directory.
     *
     * @throws InvalidSpecException when {@code disk} is not one of this VM's disks
     */
    public Path image(GuestDisk disk) {
        if (!disks.contains(Objects.requireNonNull(disk, "disk"))) {
            throw new InvalidSpecException("guest disk " + disk.image() + " is not one of this VM's disks; add it"
                    + " with toBuilder().disk(..) first");
        }
        return SharesLayout.resolve(stateDirectory, disk.image());
    }

    /**
     * The pre-flight problems, all at once: sources that are missing or not directories,
     * virtiofs sources on ZFS without {@code xattr=sa} and {@code acltype=posixacl}, socket
     * paths over 107 bytes, an overlay whose upper layer is not on a guest disk.
     *
     * @return the problems; empty when all is well
     */
    public List<ShareProblem> problems() {
        return PreflightRules.onThisHost(Optional.empty()).check(this);
    }

    /** The pre-flight problems of {@link #problems()}, plus the options the {@code flavour} of virtiofsd rejects. */
    public List<ShareProblem> problems(VirtiofsdFlavour flavour) {
        return PreflightRules.onThisHost(Optional.of(Objects.requireNonNull(flavour, "flavour"))).check(this);
    }

    /**
     * Throws when {@link #problems()} finds anything.
     *
     * @throws SharesRejectedException listing every problem
     */
    public void check() {
        throwIfAny(problems());
    }

    /**
     * Throws when {@link #problems(VirtiofsdFlavour)} finds anything.
     *
     * @throws SharesRejectedException listing every problem
     */
    public void check(VirtiofsdFlavour flavour) {
        throwIfAny(problems(flavour));
    }

    /**
     * The QEMU arguments giving the guest these shares and disks: per virtiofs share a socket
     * chardev and a {@code vhost-user-fs-pci} device (plus, once, the shared memfd backend
     * virtiofs needs, sized to the guest's RAM); per 9p share an {@code -fsdev local} and a
     * {@code virtio-9p-pci} device; per guest disk a {@code -drive} and a
     * {@code virtio-blk-pci} device with the disk's serial. Commas in paths are doubled.
     *
     * @param memoryMib the guest's memory ({@code -m}) in MiB
     * @throws InvalidSpecException when {@code memoryMib} is below 1
     */
    public List<String> qemuArguments(long memoryMib) {
        return QemuArguments.of(this, memoryMib);
    }

    /**
     * The libvirt {@code <filesystem>} of every share, in order, for the libvirt described by
     * {@code features} ({@code VirtShare.features()}, or {@link LibvirtFeatures#unknown()}):
     * libvirt starts virtiofsd itself. The virtiofs cache mode maps to libvirt's
     * {@code <cache mode>} ({@code never} as {@code none}, {@code auto} as no element), the
     * thread pool to {@code <thread_pool size>}, locks to {@code <lock>}. Guest disks are not
     * {@code <filesystem>} devices and are not included.
     *
     * @throws InvalidSpecException for cache {@code metadata}, which libvirt cannot express,
     *     and for a read-only virtiofs share on a libvirt before 11.0.0 (the messages name the
     *     alternatives)
     */
    public List<FilesystemDevice> filesystems(LibvirtFeatures features) {
        Objects.requireNonNull(features, "features");
        return shares.stream().map(s -> FilesystemDevices.of(s, source(s), features)).toList();
    }

    /**
     * The virtiofsd command line of every virtiofs share, in order, in the syntax of
     * {@code flavour}: {@code -o source=…} for the C daemon, {@code --shared-dir …} for the
     * Rust one. 9p shares need no daemon and are left out.
     *
     * @throws InvalidSpecException when a share uses what the flavour lacks (the C daemon:
     *     read-only, cache {@code metadata}; the Rust daemon: locks), with the alternatives
     */
    public List<VirtiofsdCommand> virtiofsdCommands(VirtiofsdFlavour flavour) {
        Objects.requireNonNull(flavour, "flavour");
        return shares.stream().filter(s -> s.protocol() == ShareProtocol.VIRTIOFS)
                .map(s -> new VirtiofsdCommand(s.tag(), source(s), socket(s), VirtiofsdArguments.of(flavour, this, s)))
                .toList();
    }

    /**
     * How the guest mounts everything: one {@link GuestMount} per share, then per guest disk
     * (by serial, {@code /dev/disk/by-id/virtio-<serial>}), then for the overlay — in that
     * order, so that a mount's index matches its share's or disk's.
     */
    public List<GuestMount> guestMounts() {
        List<GuestMount> mounts = new ArrayList<>();
        shares.forEach(s -> mounts.add(GuestMounts.of(s)));
        disks.forEach(d -> mounts.add(GuestMounts.of(d)));
        overlay.ifPresent(o -> mounts.add(GuestMounts.of(o)));
        return List.copyOf(mounts);
    }

    /**
     * The cloud-init {@code mounts:} section for {@link #guestMounts()}: one list of six
     * fields per mount, e.g. {@code - ["models", "/mnt/models", "virtiofs", "defaults,nofail", "0", "0"]}.
     */
    public String cloudInitMounts() {
        return GuestMounts.cloudInit(guestMounts());
    }

    /**
     * Creates the image of every guest disk that does not exist yet: into a temporary name
     * beside it ({@code qemu-img create}, or a sparse raw file), formatted with
     * {@code mkfs.<fsType>} when set, then renamed — a failure leaves nothing behind. Existing
     * images are kept as they are.
     *
     * @return the images created, in the disks' order
     * @throws io.virtshare.VirtShareException when {@code qemu-img} or {@code mkfs} fails (with their output)
     */
    public List<Path> createDisks() {
        List<Path> created = new ArrayList<>();
        for (GuestDisk disk : disks) {
            Path image = image(disk);
            if (GuestDiskCreator.create(disk, image)) {
                created.add(image);
            }
        }
        return List.copyOf(created);
    }

    private Share member(Share share) {
        Objects.requireNonNull(share, "share");
        if (!shares.contains(share)) {
            throw new InvalidSpecException("share '" + share.tag() + "' is not one of this VM's shares "
                    + shares.stream().map(Share::tag).toList() + "; add it with withShare(share) first");
        }
        return share;
    }

    private static void throwIfAny(List<ShareProblem> problems) {
        if (!problems.isEmpty()) {
            throw new SharesRejectedException(problems);
        }
    }

    /** Builds a {@link VmShares}. */
    public static final class Builder {
        private final Path stateDirectory;
        private final List<Share> shares = new ArrayList<>();
        private final List<GuestDisk> disks = new ArrayList<>();
        private WritableOverlay overlay;

        private Builder(Path stateDirectory) {
            this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
        }

        /** Adds a share. */
        public Builder share(Share share) {
            shares.add(Objects.requireNonNull(share, "share"));
            return this;
        }

        /** Adds shares, in order. */
        public Builder shares(List<Share> values) {
            values.forEach(this::share);
            return this;
        }

        /** Adds a guest disk. */
        public Builder disk(GuestDisk disk) {
            disks.add(Objects.requireNonNull(disk, "disk"));
            return this;
        }

        /** Sets the writable overlay. */
        public Builder overlay(WritableOverlay overlay) {
            this.overlay = Objects.requireNonNull(overlay, "overlay");
            return this;
        }

        /**
         * The value.
         *
         * @throws SharesRejectedException listing every duplicate tag, socket, mount point,
         *     disk image or serial
         */
        public VmShares build() {
            return new VmShares(stateDirectory, shares, disks, Optional.ofNullable(overlay));
        }
    }
}
