package io.virtshare.datastore;

import io.virtshare.internal.catalog.ImageRecord;

/** Usage marks: how many VMs use an image (state USED while one does); see {@link Images#markUsed(Image)}. */
final class ImageMarks {
    private final ImageEntries entries;
    private final ImageDirectories directories;

    ImageMarks(ImageEntries entries, ImageDirectories directories) {
        this.entries = entries;
        this.directories = directories;
    }

    Image markUsed(Image image) {
        ImageRecord current = entries.require(image);
        return directories.view(entries.update(current.id(), r -> {
            if (r.state() != ImageState.READY && r.state() != ImageState.USED && r.state() != ImageState.CLONE) {
                throw entries.busy(r, "image " + r.id() + " (" + r.name() + ") is " + r.state() + " and cannot be"
                        + " marked used by a VM; wait until it is READY");
            }
            return r.withUsers(r.users() + 1);
        }));
    }

    Image markUnused(Image image) {
        ImageRecord current = entries.require(image);
        return directories.view(entries.update(current.id(), r -> r.withUsers(Math.max(0, r.users() - 1))));
    }
}
