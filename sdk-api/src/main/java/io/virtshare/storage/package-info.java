/**
 * libvirt storage pools and volumes as typed, immutable specs:
 * {@link io.virtshare.storage.PoolSpec}, {@link io.virtshare.storage.VolumeSpec},
 * {@link io.virtshare.storage.Size}.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.dir("images").target(Path.of("/var/lib/libvirt/images")).build().validate();
 * }</pre>
 */
package io.virtshare.storage;
