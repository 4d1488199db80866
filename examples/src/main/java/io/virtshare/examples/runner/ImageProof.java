package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreException;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImageState;
import io.virtshare.examples.GuestProofRecipe;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.guest.DigestReport;
import io.virtshare.testkit.guest.FileDigest;
import io.virtshare.testkit.guest.FileProof;
import io.virtshare.testkit.guest.GuestDigest;
import io.virtshare.testkit.guest.GuestVia;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code guest-proof --datastore DIR --image ID [--via qemu|libvirt]}: boots a guest with a
 * datastore image shared over virtiofs and mounted read-only, and reports per file of the image
 * the size and SHA-256 the guest read (busybox {@code sha256sum} in the guest) next to the
 * host's, and whether all match. The image must be complete (READY, or USED by a VM). The run
 * is bounded by {@link GuestDigest#timeoutFor(long)} of the image's size.
 */
final class ImageProof {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ImageProof() {
    }

    /**
     * Runs the proof.
     *
     * @param afterHostHash runs on the image's directory once the host has hashed it, before the
     *     guest boots (the standard runner does nothing there)
     * @throws DatastoreException when there is no such datastore or image, or it is not complete
     * @throws FailedWithResult when the guest did not finish or read a file otherwise than the host holds it
     */
    static ObjectNode run(Path datastore, int id, GuestVia via, HostTools tools, Console console,
            Consumer<Path> afterHostHash) {
        Image image = image(datastore, id);
        console.say("hashing image " + id + " (" + image.files() + " files, " + image.apparentBytes()
                + " bytes) on the host");
        Map<String, FileDigest> host = GuestDigest.hostDigests(image.path());
        afterHostHash.accept(image.path());
        DigestReport report = GuestProofRecipe.proveTree(image.path(), host, via, p -> console.say(p.item()), tools);
        ObjectNode result = toJson(datastore, image, report);
        if (!report.ok()) {
            throw new FailedWithResult(result, reason(report));
        }
        return result;
    }

    private static Image image(Path datastore, int id) {
        if (!Datastore.exists(datastore)) {
            throw new DatastoreException("no datastore at " + datastore + "; give the BASE_PATH of an existing"
                    + " datastore (import --datastore DIR SOURCE creates one)");
        }
        Image image = Datastore.open(datastore).images().find(id).orElseThrow(() -> new DatastoreException(
                "datastore " + datastore + " has no image " + id + "; list its images with: list --datastore "
                        + datastore));
        if (image.state() != ImageState.READY && image.state() != ImageState.USED) {
            throw new DatastoreException("image " + id + " of " + datastore + " is " + image.state() + ", not READY:"
                    + " its tree is not complete" + image.error().map(e -> " (" + e + ")").orElse("")
                    + "; wait for its import, or register it again");
        }
        return image;
    }

    private static String reason(DigestReport report) {
        if (report.failure().isPresent()) {
            return report.failure().get();
        }
        FileProof first = report.files().stream().filter(f -> !f.matches()).findFirst().orElseThrow();
        return report.mismatches() + " of " + report.files().size() + " files differ between the guest and the host;"
                + " first " + JSON.textNode(first.path()) + ": " + first.reason().orElse("");
    }

    static ObjectNode toJson(Path datastore, Image image, DigestReport report) {
        ObjectNode result = JSON.objectNode();
        result.put("via", report.via().name().toLowerCase(Locale.ROOT));
        result.put("ok", report.ok());
        result.put("datastore", datastore.toString());
        result.put("image", image.id());
        result.put("name", image.name());
        result.put("path", image.path().toString());
        result.put("guestMount", "ro");
        result.put("hostReadOnly", report.hostReadOnly());
        result.put("elapsedMs", report.elapsed().toMillis());
        result.put("files", report.files().size());
        result.put("mismatches", report.mismatches());
        ArrayNode files = result.putArray("entries");
        for (FileProof file : report.files()) {
            ObjectNode f = files.addObject();
            f.put("path", file.path());
            digest(f, "guest", file.guest());
            digest(f, "host", file.host());
            f.put("match", file.matches());
            file.reason().ifPresent(r -> f.put("reason", r));
        }
        report.failure().ifPresent(f -> {
            result.put("reason", f);
            report.consoleTail().forEach(result.putArray("console")::add);
        });
        return result;
    }

    private static void digest(ObjectNode file, String side, Optional<FileDigest> digest) {
        if (digest.isPresent()) {
            file.put(side + "Size", digest.get().size());
            file.put(side + "Sha256", digest.get().sha256());
        } else {
            file.putNull(side + "Size");
            file.putNull(side + "Sha256");
        }
    }
}
