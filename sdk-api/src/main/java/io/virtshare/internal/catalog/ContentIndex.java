package io.virtshare.internal.catalog;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.datastore.ImageState;
import io.virtshare.spi.FileHash;
import io.virtshare.spi.ReusableContent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files of a SharedFS datastore's complete images (READY, USED, CLONE) by recorded
 * content, read from the catalog's content records: what an import may copy instead of
 * downloading. Built on first use and again when older than a second, so that images
 * completed meanwhile by other processes or hosts count. An unusable record is left out
 * with a warning (its image offers nothing). Thread-safe.
 */
public final class ContentIndex implements ReusableContent {
    private static final Set<ImageState> COMPLETE = Set.of(ImageState.READY, ImageState.USED, ImageState.CLONE);
    private static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final CatalogStore catalog;
    private final ContentRecords records;
    private final Path basePath;
    private Map<String, List<Path>> byContent;
    private long builtAt;

    /** The index of the images in {@code catalog}, whose directories are {@code basePath/<id>}. */
    public ContentIndex(CatalogStore catalog, ContentRecords records, Path basePath) {
        this.catalog = catalog;
        this.records = records;
        this.basePath = basePath;
    }

    @Override
    public synchronized List<Path> find(FileHash wanted) {
        if (byContent == null || System.nanoTime() - builtAt > MAX_AGE_NANOS) {
            byContent = build();
            builtAt = System.nanoTime();
        }
        return byContent.getOrDefault(key(wanted), List.of());
    }

    private Map<String, List<Path>> build() {
        Map<String, List<Path>> index = new HashMap<>();
        List<ImageRecord> images;
        try {
            images = catalog.list();
        } catch (IOException | DatastoreException e) {
            log().log(System.Logger.Level.WARNING, "cannot list the images of " + basePath + " (" + e.getMessage()
                    + "); nothing is reused, every file is downloaded");
            return index;
        }
        for (ImageRecord image : images) {
            if (!COMPLETE.contains(image.state())) {
                continue;
            }
            try {
                Path root = basePath.resolve(Integer.toString(image.id()));
                for (FileHash f : records.read(image.id()).orElse(List.of())) {
                    index.computeIfAbsent(key(f), k -> new ArrayList<>(1)).add(root.resolve(f.path()));
                }
            } catch (DatastoreException e) {
                log().log(System.Logger.Level.WARNING, e.getMessage());
            }
        }
        return index;
    }

    private static String key(FileHash f) {
        return f.algorithm() + ":" + f.contentKey();
    }

    /**
     * This class's logger, looked up when something is logged: looking it up at class
     * initialisation starts the JDK's logging (about 8 ms of every short command).
     */
    private static System.Logger log() {
        return System.getLogger(ContentIndex.class.getName());
    }
}
