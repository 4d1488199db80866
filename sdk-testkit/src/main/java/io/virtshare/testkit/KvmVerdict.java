package io.virtshare.testkit;

import java.util.Objects;

/**
 * Whether KVM acceleration really works on this host, as a bounded guest boot showed.
 *
 * <pre>{@code
 * KvmVerdict kvm = KvmProbe.probe(Path.of("/usr/bin/qemu-system-x86_64"), GuestKernel.find(), Duration.ofSeconds(15));
 * String accel = kvm.usable() ? "kvm" : "tcg";
 * }</pre>
 *
 * @param deviceNode whether {@code /dev/kvm} exists
 * @param usable whether a guest kernel booted under KVM within the time limit
 * @param reason what the probe saw, in words
 */
public record KvmVerdict(boolean deviceNode, boolean usable, String reason) {
    public KvmVerdict {
        Objects.requireNonNull(reason, "reason");
    }

    /** The QEMU accelerator to use: {@code kvm} when usable, else {@code tcg}. */
    public String accelerator() {
        return usable ? "kvm" : "tcg";
    }
}
