package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block device for the guest backed by an image file, as microvm.nix's {@code volumes}
 * (a guest disk image, not a libvirt storage volume): fast, but its file system belongs
 * to one guest at a time. {@link VmShares#createDisks()} creates a missing image — a
 * sparse raw file (or {@code qemu-img create}) formatted with {@code mkfs.<fsType>} — and
 * {@link VmShares#qemuArguments(long)} attaches it with
 * {@code -drive … -device virtio-blk-pci,serial=…}, so the guest finds it as
 * {@code /dev/disk/by-id/virtio-<serial>}. A writable overlay's upper layer must live on a
 * guest disk ({@link WritableOverlay}).
 *
 * <pre>{@code
 * GuestDisk rw = GuestDisk.of(Path.of("nix-store-overlay.img"), Path.of("/nix/.rw-store"), 2048).build();
 * VmShares vm = VmShares.builder(stateDir).disk(rw).build();
 * List<Path> created = vm.createDisks();                       // sparse 2 GiB file + mkfs.ext4, once
 * List<String> args = vm.qemuArguments(1024);                  // -drive id=disk0,... -device virtio-blk-pci,...
 * }</pre>
 *
 * @param image the image file; relative paths resolve against the VM's state directory
 * @param mountPoint where the guest mounts it (absolute)
 * @param sizeMib the size in MiB
 * @param fsType the file system {@code mkfs} creates (e.g. {@code ext4}); empty to leave the image unformatted
 * @param format the image format
 * @param creation how a missing image is created
 */
public record GuestDisk(Path image, Path mountPoint, long sizeMib, Optional<String> fsType, Format format,
        Creation creation) {
    private static final Pattern FS_TYPE = Pattern.compile("[a-z0-9]{1,16}");

    /** Image formats. */
    public enum Format {
        /** A raw image: what the guest sees is the file. */
        RAW,
        /** A qcow2 image (created with {@code qemu-img}; cannot be formatted from the host). */
        QCOW2;

        /** The name QEMU uses. */
        public String qemuName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How a missing image is made. */
    public enum Creation {
        /** A sparse file of the size (raw only), no external tool. */
        SPARSE_FILE,
        /** {@code qemu-img create -f <format> <image> <size>M}. */
        QEMU_IMG
    }

    public GuestDisk {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(fsType, "fsType");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(creation, "creation");
        if (image.getFileName() == null || image.toString().isEmpty()) {
            throw new InvalidSpecException("guest disk image '" + image + "' names no file; give e.g. data.img");
        }
        if (!mountPoint.isAbsolute()) {
            throw new InvalidSpecException("guest disk mount point '" + mountPoint + "' must be an absolute guest"
                    + " path, e.g. /mnt/data");
        }
        if (sizeMib < 1) {
            throw new InvalidSpecException("guest disk " + image + " needs a size of at least 1 MiB, not " + sizeMib);
        }
        if (sizeMib > Long.MAX_VALUE >> 20) {
            throw new InvalidSpecException("guest disk " + image + " of " + sizeMib + " MiB is larger than any file can"
                    + " be (at most " + (Long.MAX_VALUE >> 20) + " MiB, 8 EiB); give its size in MiB");
        }
        if (fsType.isPresent() && !FS_TYPE.matcher(fsType.get()).matches()) {
            throw new InvalidSpecException("guest disk " + image + ": file system type '" + fsType.get() + "' is not a"
                    + " mkfs name; give e.g. ext4 or xfs");
        }
        if (format == Format.QCOW2 && creation == Creation.SPARSE_FILE) {
            throw new InvalidSpecException("guest disk " + image + ": a qcow2 image is made with qemu-img, not as a"
                    + " sparse file; use Creation.QEMU_IMG or Format.RAW");
        }
        if (format == Format.QCOW2 && fsType.isPresent()) {
            throw new InvalidSpecException("guest disk " + image + ": mkfs cannot format a qcow2 image from the host;"
                    + " use Format.RAW, or no fsType and format it in the guest");
        }
    }

    /** A guest disk of {@code sizeMib} MiB: raw, sparse, ext4 (microvm.nix's defaults). */
    public static Builder of(Path image, Path mountPoint, long sizeMib) {
        return new Builder(image, mountPoint, sizeMib);
    }

    /**
     * The virtio-blk serial (at most 20 bytes, as virtio allows): the image's file name
     * without extension, other characters than letters, digits, {@code -} and {@code _}
     * as {@code -}.
     */
    public String serial() {
        String name = image.getFileName().toString();
        int dot = name.indexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String safe = stem.replaceAll("[^A-Za-z0-9_-]", "-");
        return safe.length() > 20 ? safe.substring(0, 20) : safe;
    }

    /** Where the guest finds the disk (udev's by-id link for the serial). */
    public String guestDevice() {
        return "/dev/disk/by-id/virtio-" + serial();
    }

    /** Builds a {@link GuestDisk}. */
    public static final class Builder {
        private final Path image;
        private final Path mountPoint;
        private final long sizeMib;
        private Optional<String> fsType = Optional.of("ext4");
        private Format format = Format.RAW;
        private Creation creation = Creation.SPARSE_FILE;

        private Builder(Path image, Path mountPoint, long sizeMib) {
            this.image = image;
            this.mountPoint = mountPoint;
            this.sizeMib = sizeMib;
        }

        /** The file system to create (default ext4). */
        public Builder fsType(String value) {
            this.fsType = Optional.of(value);
            return this;
        }

        /** Leave the image unformatted (the guest formats it). */
        public Builder unformatted() {
            this.fsType = Optional.empty();
            return this;
        }

        /** The image format (default raw). */
        public Builder format(Format value) {
            this.format = Objects.requireNonNull(value, "format");
            return this;
        }

        /** How a missing image is made (default: a sparse file). */
        public Builder creation(Creation value) {
            this.creation = Objects.requireNonNull(value, "creation");
            return this;
        }

        /** The guest disk. */
        public GuestDisk build() {
            return new GuestDisk(image, mountPoint, sizeMib, fsType, format, creation);
        }
    }
}
