package io.virtshare.datastore;

import io.virtshare.internal.catalog.HaltPoint;
import io.virtshare.internal.catalog.Heartbeat;
import io.virtshare.internal.catalog.ImageRecord;
import io.virtshare.internal.catalog.Owner;
import io.virtshare.internal.files.CopyResult;
import io.virtshare.internal.files.TreeCopier;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.spi.FileHash;
import io.virtshare.spi.ImportOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Cloning: see {@link Images#clone(Image, ImportOptions)}. */
final class ImageCloning {
    private final ImageEntries entries;
    private final ImageDirectories directories;
    private final ImageStaging staging;

    ImageCloning(ImageEntries entries, ImageDirectories directories, ImageStaging staging) {
        this.entries = entries;
        this.directories = directories;
        this.staging = staging;
    }

    Image clone(Image image, ImportOptions options) {
        Objects.requireNonNull(options, "options");
        Datastore datastore = entries.datastore();
        datastore.requireSupported(ImageOperation.CLONE);
        int id = image.id();
        if (options.stripTopLevelFolder()) {
            throw entries.error(DatastoreFailure.INVALID_INPUT, id, "stripping the top-level folder applies to"
                    + " registering archives, not to cloning image " + id + "; clone without it", null);
        }
        Owner owner = Owner.current();
        ImageRecord source = entries.require(image);
        directories.usable(source);
        ImageRecord.Cloner me = new ImageRecord.Cloner(owner, UniqueTokens.next());
        entries.update(id, r -> {
            if (r.state() != ImageState.READY && r.state() != ImageState.USED && r.state() != ImageState.CLONE) {
                throw entries.busy(r, "image " + id + " (" + r.name() + ") is " + r.state()
                        + " and cannot be cloned; wait until it is READY");
            }
            List<ImageRecord.Cloner> cloners = new ArrayList<>(r.cloners());
            cloners.add(me);
            return r.withCloners(cloners);
        });
        HaltPoint.reached("clone.marked");
        try (Heartbeat beat = Heartbeat.start(entries.catalog().cloneHeartbeat(me.token()))) {
            return staging.stage("clone", source.source(), source.name() + "-clone", options, (staged, ctx) -> {
                CopyResult copied = TreeCopier.copy(directories.usable(source), staged, ctx.maxBytes(), ctx.limitName(),
                        ctx.progress(), ctx.cancellation());
                return new ImageStaging.Produced(new ImportOutcome(Optional.ofNullable(source.commit()),
                        contentsOf(source), 0, 0), copied.files());
            });
        } catch (IOException e) {
            throw entries.error(DatastoreFailure.IO, id, "cannot clone image " + id + ": " + e.getMessage(), e);
        } finally {
            entries.update(id, r -> {
                List<ImageRecord.Cloner> cloners = new ArrayList<>(r.cloners());
                cloners.remove(me);
                return r.withCloners(cloners);
            });
        }
    }

    /** The source's content record, which the clone shares (a copy is byte for byte); empty when unusable. */
    private List<FileHash> contentsOf(ImageRecord source) {
        try {
            return entries.catalog().contents().read(source.id()).orElse(List.of());
        } catch (DatastoreException e) {
            return List.of();
        }
    }
}
