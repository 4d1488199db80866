package io.virtshare.examples;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImportOptions;
import io.virtshare.hf.HfException;
import io.virtshare.hf.HfImporter;
import io.virtshare.hf.HfSize;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recipe: {@code hf://} imports — a model at a revision pinned to its commit, a folder
 * with allow/ignore patterns, a dry run for the size, progress and cancellation with
 * resume, and the errors of a gated repository; all from the testkit's fake Hub, so it
 * runs offline. Quoted by {@code docs/hf-imports.md}.
 *
 * <p>Run: {@code java -cp examples/target/virtshare-examples.jar io.virtshare.examples.HfImportRecipe [DIR]}.
 */
public final class HfImportRecipe {
    /** The token the fake gated repository grants. */
    public static final String GRANTED_TOKEN = "hf_recipe_granted";

    /**
     * What the recipe did, for its test.
     *
     * @param model the model imported at v1.0
     * @param onnx the onnx folder, filtered by patterns
     * @param size the dry run's answer
     * @param cancelledMessage the message of the cancelled import
     * @param resumed the import after the cancelled one
     * @param gatedMessage the message of the refused gated import
     * @param gated the gated model imported with a token
     * @param again the model imported once more into the first datastore, from its files there
     */
    public record Result(Image model, Image onnx, HfSize size, String cancelledMessage, Image resumed,
            String gatedMessage, Image gated, Image again) {
    }

    private HfImportRecipe() {
    }

    /** Runs the recipe in DIR (default: a new temporary directory) against a fake Hub started here. */
    public static void main(String[] args) throws IOException {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("virtshare-hf-");
        try (FakeHub hub = startHub()) {
            Result result = run(hub.endpoint(), work, System.out);
            System.out.println("imported " + result.model().name() + " at " + result.model().commit().orElseThrow());
        }
    }

    /** Starts the fake Hub the recipe imports from. */
    public static FakeHub startHub() {
        // snippet:fakehub
        FakeHub hub = FakeHub.start();                          // an HTTP server on 127.0.0.1, plus its "CDN"
        hub.add(FakeRepo.model("acme", "tiny-llm")
                .file("config.json", "{\"model_type\": \"llama\"}")
                .file("tokenizer.json", "{\"vocab\": [\"<s>\", \"</s>\"]}")
                .generatedLfsFile("model.safetensors", 48 << 20, 1)    // LFS files redirect to the CDN
                .generatedLfsFile("onnx/model.onnx", 4 << 20, 2)
                .generatedLfsFile("onnx/model_fp16.onnx", 2 << 20, 3)
                .file("onnx/config.json", "{}")
                .revision("v1.0")                                        // a tag for the repo's commit
                .build());
        hub.add(FakeRepo.model("acme", "gated-llm").file("config.json", "{}").gated(GRANTED_TOKEN).build());
        // end:fakehub
        // about 96 MiB/s per response: the progress example below then stops in the middle of
        // model.safetensors (progress is reported every 0.1 s; at full local speed the whole
        // file can arrive between two reports)
        hub.faults().slow(96L << 20);
        return hub;
    }

    /** Runs the recipe's steps against the Hub at {@code endpoint}, writing the datastore under {@code work}. */
    public static Result run(URI endpoint, Path work, PrintStream out) {
        Datastore ds = Datastore.create(work.resolve("datastore"), DatastoreSpec.sharedFs("models"));

        // snippet:revision
        // ds.images().register("hf://…") alone uses HF_ENDPOINT and HF_TOKEN (HfImporter.fromEnvironment())
        HfImporter hf = HfImporter.builder().endpoint(endpoint).build();
        Image model = ds.images().register("hf://acme/tiny-llm@v1.0", ImportOptions.defaults()
                .withName("tiny-llm").withImporter(hf));
        out.println(model.path() + " holds tiny-llm at commit " + model.commit().orElseThrow());
        // end:revision

        // snippet:patterns
        // the onnx/ folder only, without the fp16 variant; files land relative to onnx/
        Image onnx = ds.images().register("hf://acme/tiny-llm@v1.0/onnx?allow=*.onnx&allow=*.json&ignore=*fp16*",
                ImportOptions.defaults().withImporter(hf));
        // the same filter through the builder, for every source this importer imports
        HfImporter weightsOnly = HfImporter.builder().endpoint(endpoint).allow("*.safetensors").build();
        // end:patterns

        // snippet:dryrun
        HfSize size = weightsOnly.size("hf://acme/tiny-llm");   // reads the tree only, downloads nothing
        out.printf("%d files, %d bytes at commit %s%n", size.files(), size.bytes(), size.commit());
        // end:dryrun

        // snippet:progress
        // a datastore of its own: in ds, every file of tiny-llm would be copied from the image above
        Datastore fresh = Datastore.create(work.resolve("datastore-2"), DatastoreSpec.sharedFs("fresh"));
        Cancellation cancel = new Cancellation();             // cancel.cancel() from any thread stops the import
        ImportOptions watched = ImportOptions.defaults().withName("tiny-llm-2").withImporter(hf)
                .withCancellation(cancel)
                .withProgress(p -> {
                    if (p.bytesDone() >= 16 << 20) {          // e.g. the user pressed Stop
                        out.printf("%d of %d bytes, %d of %d files, about %d s left: stopping%n",
                                p.bytesDone(), p.bytesTotal(), p.itemsDone(), p.itemsTotal(), p.etaSeconds());
                        cancel.cancel();
                    }
                });
        String cancelledMessage = null;
        try {
            fresh.images().register("hf://acme/tiny-llm", watched);
        } catch (OperationCancelledException e) {
            cancelledMessage = e.getMessage();                // no image; verified bytes are kept to resume
        }
        Image resumed = fresh.images().register("hf://acme/tiny-llm", ImportOptions.defaults()
                .withName("tiny-llm-2").withImporter(hf)); // continues from the verified bytes
        // end:progress

        // snippet:reuse
        // files the datastore already holds verified (any complete image) are copied, verified again, not downloaded
        Image again = ds.images().register("hf://acme/tiny-llm@main", ImportOptions.defaults()
                .withName("tiny-llm-main").withImporter(hf));
        out.printf("downloaded %d bytes, reused %d bytes%n", again.bytesDownloaded(), again.bytesReused());
        // end:reuse

        // snippet:gated
        String gatedMessage = null;
        try {
            ds.images().register("hf://acme/gated-llm", ImportOptions.defaults().withImporter(hf));
        } catch (HfException e) {
            // 401 + GatedRepo: no token sent, set HF_TOKEN; 403 + GatedRepo: request access on the repo's page
            gatedMessage = e.status() + " " + e.errorCode().orElse("-") + ": " + e.getMessage();
        }
        HfImporter withToken = HfImporter.builder().endpoint(endpoint)
                .token(GRANTED_TOKEN)                          // System.getenv("HF_TOKEN") in real use
                .build();                                      // sent to the endpoint's host only, never logged
        Image gated = ds.images().register("hf://acme/gated-llm", ImportOptions.defaults().withImporter(withToken));
        // end:gated
        out.println(gatedMessage);
        return new Result(model, onnx, size, cancelledMessage, resumed, gatedMessage, gated, again);
    }
}
