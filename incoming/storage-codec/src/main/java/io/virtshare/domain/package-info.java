/**
 * Parts of libvirt domains this SDK models: {@link io.virtshare.domain.FilesystemDevice},
 * {@link io.virtshare.domain.MemoryBacking}, and whole documents as
 * {@link io.virtshare.domain.DomainDocument}.
 *
 * <pre>{@code
 * FilesystemDevice share = FilesystemDevice.virtiofs("/srv/models", "models");
 * }</pre>
 */
package io.virtshare.domain;
