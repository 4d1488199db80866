/**
 * The virtiofsd daemon: finding it, telling its two flavours apart, and (as the shares
 * capability grows) starting and supervising one daemon per share.
 *
 * <pre>{@code
 * VirtiofsdBinary.find().ifPresent(d -> System.out.println(d.flavour()));
 * }</pre>
 */
package io.virtshare.share.virtiofsd;
