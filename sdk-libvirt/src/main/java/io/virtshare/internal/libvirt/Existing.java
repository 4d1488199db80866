package io.virtshare.internal.libvirt;

/**
 * What exists on the host when a storage operation runs, so that a failure's advice only
 * points at objects there are to inspect: nothing before a pool is defined, the pool
 * while it is worked on, the volume while it is, the VM while it is.
 */
enum Existing {
    /** The operation makes the object (define a pool): a failure leaves nothing to inspect. */
    NOTHING_YET,
    /** The operation asks the host about objects by name or lists them; none of them is known to exist. */
    HOST,
    /** The operation works on a pool that exists (start it, create a volume in it, …). */
    POOL,
    /** The operation works on a volume that exists in its pool (upload, wipe, delete, …). */
    VOLUME,
    /** The operation works on a VM (domain) that exists (start it, attach a device, …). */
    VM
}
