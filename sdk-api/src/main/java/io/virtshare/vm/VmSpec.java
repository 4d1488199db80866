package io.virtshare.vm;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.VmShares;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a VM is: name, memory, CPUs, machine type, accelerator, how it boots, where its serial
 * console goes, and its shares ({@link VmShares}). Every backend turns the same spec into what
 * its target needs: a libvirt domain, a QEMU command line, a domain XML file.
 *
 * <pre>{@code
 * VmSpec spec = VmSpec.builder("web1")
 *         .memoryMib(1024)
 *         .shares(VmShares.builder(Path.of("/var/lib/virtshare/vms/web1"))
 *                 .share(Share.virtiofs("models", Path.of("/srv/models"), Path.of("/models")).build())
 *                 .build())
 *         .build();
 * }</pre>
 *
 * @param name the VM's name: 1 to 64 characters of letters, digits, {@code .}, {@code _} and
 *     {@code -}, not starting with {@code .} or {@code -}
 * @param memoryMib guest memory in MiB (at least 16)
 * @param vcpus virtual CPUs (at least 1)
 * @param machine the QEMU machine type, e.g. {@code q35} (hot-pluggable PCIe ports) or {@code pc}
 * @param accelerator how the CPU runs
 * @param boot a kernel to boot directly, if any
 * @param console a host file the serial console is written to, if any
 * @param shares the VM's state directory, shares, guest disks and overlay
 */
public record VmSpec(String name, long memoryMib, int vcpus, String machine, Accelerator accelerator,
        Optional<DirectBoot> boot, Optional<Path> console, VmShares shares) {

    /** Default guest memory: 512 MiB. */
    public static final long DEFAULT_MEMORY_MIB = 512;
    /** Default machine type: {@code q35}, whose PCIe root ports take hot-plugged devices. */
    public static final String DEFAULT_MACHINE = "q35";

    public VmSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(shares, "shares");
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidSpecException("VM name '" + name + "' is not usable; give 1 to 64 letters, digits, '.',"
                    + " '_' or '-', not starting with '.' or '-'");
        }
        if (memoryMib < 16) {
            throw new InvalidSpecException("VM '" + name + "' has " + memoryMib + " MiB of memory; give at least 16");
        }
        if (vcpus < 1) {
            throw new InvalidSpecException("VM '" + name + "' has " + vcpus + " CPUs; give at least 1");
        }
        if (!machine.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidSpecException("machine type '" + machine + "' is not a QEMU machine name; e.g. q35 or pc");
        }
        if (console.isPresent() && !console.get().isAbsolute()) {
            throw new InvalidSpecException("console file '" + console.get() + "' must be an absolute host path");
        }
    }

    /** Starts a spec for a VM called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this spec. */
    public Builder toBuilder() {
        Builder builder = new Builder(name);
        builder.memoryMib = memoryMib;
        builder.vcpus = vcpus;
        builder.machine = machine;
        builder.accelerator = accelerator;
        builder.boot = boot.orElse(null);
        builder.console = console.orElse(null);
        builder.shares = shares;
        return builder;
    }

    /** This spec with other shares. */
    public VmSpec withShares(VmShares newShares) {
        return toBuilder().shares(newShares).build();
    }

    /** Builds a {@link VmSpec}. Without {@link #shares(VmShares)}, the VM has none. */
    public static final class Builder {
        private final String name;
        private long memoryMib = DEFAULT_MEMORY_MIB;
        private int vcpus = 1;
        private String machine = DEFAULT_MACHINE;
        private Accelerator accelerator = Accelerator.TCG;
        private DirectBoot boot;
        private Path console;
        private VmShares shares;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Guest memory in MiB. */
        public Builder memoryMib(long memoryMib) {
            this.memoryMib = memoryMib;
            return this;
        }

        /** Virtual CPUs. */
        public Builder vcpus(int vcpus) {
            this.vcpus = vcpus;
            return this;
        }

        /** The QEMU machine type. */
        public Builder machine(String machine) {
            this.machine = Objects.requireNonNull(machine, "machine");
            return this;
        }

        /** How the CPU runs. */
        public Builder accelerator(Accelerator accelerator) {
            this.accelerator = Objects.requireNonNull(accelerator, "accelerator");
            return this;
        }

        /** A kernel to boot directly. */
        public Builder boot(DirectBoot boot) {
            this.boot = Objects.requireNonNull(boot, "boot");
            return this;
        }

        /** The host file the serial console is written to. */
        public Builder console(Path console) {
            this.console = Objects.requireNonNull(console, "console");
            return this;
        }

        /** The VM's state directory, shares, guest disks and overlay. */
        public Builder shares(VmShares shares) {
            this.shares = Objects.requireNonNull(shares, "shares");
            return this;
        }

        /**
         * The spec.
         *
         * @throws InvalidSpecException when a field is out of range, or no shares were given
         *     (give at least {@link VmShares#none(Path)}, which names the state directory)
         */
        public VmSpec build() {
            if (shares == null) {
                throw new InvalidSpecException("VM '" + name + "' has no state directory; give shares(VmShares.none("
                        + "stateDirectory)) or VmShares.builder(stateDirectory)…");
            }
            return new VmSpec(name, memoryMib, vcpus, machine, accelerator, Optional.ofNullable(boot),
                    Optional.ofNullable(console), shares);
        }
    }
}
