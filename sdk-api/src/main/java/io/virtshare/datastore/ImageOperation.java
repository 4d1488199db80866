package io.virtshare.datastore;

/**
 * Operations on images that depend on the datastore kind: a VirtioFS datastore's images
 * are directories in place, so OpenNebula refuses these on them.
 *
 * <pre>{@code
 * if (ds.supports(ImageOperation.CLONE)) { ds.images().clone(ds.images().get(id), "copy"); }
 * }</pre>
 */
public enum ImageOperation {
    /** Copy an image into a new one. */
    CLONE("clone"),
    /** Take a snapshot of an image. */
    SNAPSHOT("snapshot"),
    /** Attach an image to a running VM as a disk. */
    DISK_ATTACH("disk-attach"),
    /** Save a VM's disk as a new image. */
    SAVE_AS("save-as");

    private final String description;

    ImageOperation(String description) {
        this.description = description;
    }

    /** The operation's name as OpenNebula users know it. */
    public String description() {
        return description;
    }
}
