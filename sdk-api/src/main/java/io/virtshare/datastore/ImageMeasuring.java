package io.virtshare.datastore;

import io.virtshare.internal.files.TreeUsage;
import java.io.IOException;
import java.nio.file.Path;

/** Measuring an image's tree now; see {@link Images#usage(Image)}. */
final class ImageMeasuring {
    private final ImageEntries entries;
    private final ImageDirectories directories;

    ImageMeasuring(ImageEntries entries, ImageDirectories directories) {
        this.entries = entries;
        this.directories = directories;
    }

    ImageUsage usage(Image image) {
        Path dir = directories.usable(entries.require(image));
        try {
            TreeUsage usage = TreeUsage.of(dir);
            return new ImageUsage(usage.apparentBytes(), usage.allocatedBytes(), usage.files());
        } catch (IOException e) {
            throw entries.error(DatastoreFailure.IO, image.id(), "cannot measure image " + image.id() + " at " + dir
                    + ": " + e.getMessage(), e);
        }
    }
}
