/**
 * The virtshare SDK: give virtual machines access to directory trees and storage.
 *
 * <p>This package holds what every part of the SDK shares, starting with the root of
 * the error hierarchy, {@link io.virtshare.VirtShareException}. The capabilities live
 * in packages named for the domain: {@code io.virtshare.share} for virtiofs and 9p
 * shares and the virtiofsd daemon, {@code io.virtshare.datastore} for datastores of
 * directory images, {@code io.virtshare.storage} for libvirt pools and volumes.
 * Packages named {@code internal} are implementation details and not API.
 */
package io.virtshare;
