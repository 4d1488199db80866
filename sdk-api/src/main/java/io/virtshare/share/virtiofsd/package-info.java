/**
 * The virtiofsd daemon: finding it ({@link io.virtshare.share.virtiofsd.VirtiofsdBinary}),
 * telling its two flavours apart, and running one supervised daemon per share
 * ({@link io.virtshare.share.virtiofsd.VirtiofsdLauncher},
 * {@link io.virtshare.share.virtiofsd.Virtiofsd},
 * {@link io.virtshare.share.virtiofsd.VirtiofsdGroup}): readiness without connecting,
 * a log per share, exit classification, restarts, stale socket and pid file cleanup.
 *
 * <pre>{@code
 * VirtiofsdLauncher launcher = Virtiofsd.launcher().build();
 * try (VirtiofsdGroup daemons = launcher.startAll(vm)) {     // vm: a VmShares
 *     System.out.println(daemons.states());
 * }
 * }</pre>
 */
package io.virtshare.share.virtiofsd;
