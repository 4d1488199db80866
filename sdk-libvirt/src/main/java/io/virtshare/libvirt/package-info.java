/**
 * The libvirt backend: connections to libvirt hosts (and, as the storage capability
 * grows, pool and volume lifecycle and domains with shares).
 *
 * <pre>{@code
 * try (LibvirtHost host = LibvirtHost.connect("test:///default")) {
 *     System.out.println(host.hypervisor());
 * }
 * }</pre>
 */
package io.virtshare.libvirt;
