package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.datastore.DatastoreUsage;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImageUsage;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;

/** The runner's JSON shapes for images and usage (part of its stable contract). */
final class ImageJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ImageJson() {
    }

    static ObjectNode image(Image image) {
        ObjectNode node = JSON.objectNode();
        node.put("id", image.id());
        node.put("name", image.name());
        node.put("state", image.state().name());
        node.put("path", image.path().toString());
        node.put("source", image.source());
        node.put("apparentBytes", image.apparentBytes());
        node.put("allocatedBytes", image.allocatedBytes());
        node.put("files", image.files());
        node.put("sizeMb", image.sizeMb());
        image.commit().ifPresent(c -> node.put("commit", c));
        node.put("bytesDownloaded", image.bytesDownloaded());
        node.put("bytesReused", image.bytesReused());
        image.error().ifPresent(e -> node.put("error", e));
        node.put("created", IsoInstant.format(image.created()));
        return node;
    }

    static ObjectNode usage(ImageUsage usage) {
        ObjectNode node = JSON.objectNode();
        node.put("apparentBytes", usage.apparentBytes());
        node.put("allocatedBytes", usage.allocatedBytes());
        node.put("files", usage.files());
        node.put("sizeMb", usage.sizeMb());
        return node;
    }

    static ObjectNode monitor(DatastoreUsage usage) {
        ObjectNode node = JSON.objectNode();
        node.put("usedMb", usage.usedMb());
        node.put("totalMb", usage.totalMb());
        node.put("freeMb", usage.freeMb());
        return node;
    }

    /** Progress on stderr, at most one line per 10 % (or per 64 MiB when the total is unknown). */
    /**
     * Progress on stderr, a line per tenth of the total (or per 64 MiB when the total is not
     * known). Per-file reports of operations that also report a total ({@code download-file}
     * next to {@code download}) are left out, so the lines count up once.
     */
    static ProgressListener progress(Console console) {
        long[] last = {-1};
        return p -> {
            if (p.operation().endsWith("-file")) {
                return;
            }
            long step = p.bytesTotal() > 0 ? (long) (p.fraction() * 10) : p.bytesDone() >> 26;
            synchronized (last) {
                if (step != last[0]) {
                    last[0] = step;
                    console.say(line(p));
                }
            }
        };
    }

    static String line(Progress p) {
        return p.operation() + ": " + (p.bytesDone() >> 20) + " MiB"
                + (p.bytesTotal() > 0 ? " of " + (p.bytesTotal() >> 20) + " MiB" : "")
                + (p.itemsTotal() > 0 ? ", " + p.itemsDone() + " of " + p.itemsTotal() + " files"
                        : p.itemsDone() > 0 ? ", " + p.itemsDone() + " files" : "")
                + (p.etaSeconds() >= 0 && p.fraction() < 1 ? ", about " + p.etaSeconds() + " s left" : "");
    }
}
