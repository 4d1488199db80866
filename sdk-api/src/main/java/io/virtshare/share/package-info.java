/**
 * Shares: a host directory for a guest over virtiofs or 9p, described once
 * ({@link io.virtshare.share.Share}) and derived into QEMU arguments, the libvirt
 * {@code <filesystem>}, the virtiofsd command line and guest mounts; pre-flight checks
 * ({@link io.virtshare.share.SharePreflight}); microvm.nix's volumes and writable overlays
 * ({@link io.virtshare.share.Volume}, {@link io.virtshare.share.WritableOverlay}).
 *
 * <pre>{@code
 * Share home = Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();
 * SharePreflight.of(stateDir).validate(List.of(home));
 * List<String> qemu = QemuArguments.of(List.of(home), 1024, stateDir);
 * }</pre>
 */
package io.virtshare.share;
