package io.virtshare.examples.runner;

import io.virtshare.datastore.DatastoreUsage;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImageUsage;
import io.virtshare.internal.json.JsonWriter;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import java.util.List;

/**
 * The runner's JSON shapes for images and usage (part of its stable contract), written with
 * the SDK's {@link JsonWriter}: these answer the short datastore commands, which should not
 * pay for starting Jackson's tree model.
 */
final class ImageJson {
    private ImageJson() {
    }

    static Output image(Image image) {
        JsonWriter out = new JsonWriter();
        image(image, out);
        return new Output.Written(out.text());
    }

    static Output images(List<Image> images) {
        JsonWriter out = new JsonWriter();
        out.beginArray();
        images.forEach(image -> image(image, out));
        out.endArray();
        return new Output.Written(out.text());
    }

    private static void image(Image image, JsonWriter out) {
        out.beginObject();
        out.name("id").value(image.id());
        out.name("name").value(image.name());
        out.name("state").value(image.state().name());
        out.name("path").value(image.path().toString());
        out.name("source").value(image.source());
        out.name("apparentBytes").value(image.apparentBytes());
        out.name("allocatedBytes").value(image.allocatedBytes());
        out.name("files").value(image.files());
        out.name("sizeMb").value(image.sizeMb());
        image.commit().ifPresent(c -> out.name("commit").value(c));
        out.name("bytesDownloaded").value(image.bytesDownloaded());
        out.name("bytesReused").value(image.bytesReused());
        image.error().ifPresent(e -> out.name("error").value(e));
        out.name("created").value(IsoInstant.format(image.created()));
        out.endObject();
    }

    static Output usage(ImageUsage usage) {
        JsonWriter out = new JsonWriter();
        out.beginObject();
        out.name("apparentBytes").value(usage.apparentBytes());
        out.name("allocatedBytes").value(usage.allocatedBytes());
        out.name("files").value(usage.files());
        out.name("sizeMb").value(usage.sizeMb());
        out.endObject();
        return new Output.Written(out.text());
    }

    static Output monitor(DatastoreUsage usage) {
        JsonWriter out = new JsonWriter();
        out.beginObject();
        out.name("usedMb").value(usage.usedMb());
        out.name("totalMb").value(usage.totalMb());
        out.name("freeMb").value(usage.freeMb());
        out.endObject();
        return new Output.Written(out.text());
    }

    static Output deleted(int id) {
        JsonWriter out = new JsonWriter();
        out.beginObject().name("deleted").value(id).endObject();
        return new Output.Written(out.text());
    }

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
