/**
 * Shares: a host directory for a guest over virtiofs or 9p ({@link io.virtshare.share.Share}),
 * microvm.nix's guest disks and writable overlay ({@link io.virtshare.share.GuestDisk},
 * {@link io.virtshare.share.WritableOverlay}), and a VM's shares as one value
 * ({@link io.virtshare.share.VmShares}) that names the VM's state directory once and derives
 * the pre-flight checks, QEMU arguments, libvirt {@code <filesystem>} devices, virtiofsd
 * command lines and guest mounts.
 *
 * <pre>{@code
 * Share home = Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();
 * VmShares vm = VmShares.builder(stateDir).share(home).build();
 * vm.check();
 * List<String> qemu = vm.qemuArguments(1024);
 * }</pre>
 */
package io.virtshare.share;
