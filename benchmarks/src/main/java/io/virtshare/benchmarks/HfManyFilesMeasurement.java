package io.virtshare.benchmarks;

import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImportOptions;
import io.virtshare.hf.HfImporter;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code hf://} import of a repository of many small regular files from the testkit's
 * fake Hub into a datastore (every file verified, the image made durable) vs the same
 * files fetched by {@code curl --parallel} (8 at once, unverified; with or without a
 * {@code sync} after it), or vs the official
 * JavaScript client's {@code snapshotDownload}. After each side it prints to stderr how
 * many requests per file the fake Hub counted.
 */
final class HfManyFilesMeasurement implements Measurement {
    /** What our import is compared with. */
    enum Peer {
        /** curl --parallel, 8 at once. */
        CURL,
        /** curl --parallel, then {@code sync}: the import makes its image durable before READY. */
        CURL_SYNC,
        /** The JavaScript client's snapshotDownload. */
        JS
    }

    private static final String REPO = "bench/many";
    private static final int FILE_SIZE = 4096;

    private final Peer peer;
    private final int count;
    private FakeHub hub;
    private FakeRepo repo;
    private Path script;

    HfManyFilesMeasurement(Peer peer, int count) {
        this.peer = peer;
        this.count = count;
    }

    @Override
    public String name() {
        return "hf-files-" + count + switch (peer) {
            case CURL -> "-curl";
            case CURL_SYNC -> "-curl-sync";
            case JS -> "-js";
        };
    }

    @Override
    public String description() {
        return "hf:// import of " + count + " files of 4 KiB (verified) from a fake Hub vs " + (peer == Peer.JS
                ? "@huggingface/hub snapshotDownload (node)" : "curl --parallel (8 at once)"
                        + (peer == Peer.CURL_SYNC ? " followed by sync" : ""));
    }

    @Override
    public Optional<Double> target() {
        return Optional.of(1.0);
    }

    @Override
    public String tool() {
        return peer == Peer.JS ? "node" : "curl";
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        if (peer == Peer.JS) {
            script = JsHubClient.install();
        }
        repo = FakeRepo.dataset("bench", "many").generatedFiles("data/part-", count, FILE_SIZE, 1_000).build();
        hub = FakeHub.start();
        hub.add(repo);
        // curl's list of URLs and outputs, written here so that it is not timed (the runner's scratch directory)
        Path scratch = data.resolveSibling("scratch");
        StringBuilder cfg = new StringBuilder();
        for (String path : repo.paths()) {
            cfg.append("url = \"").append(hub.endpoint()).append("/datasets/").append(REPO).append("/resolve/main/")
                    .append(path).append("\"\noutput = \"").append(scratch.resolve(path)).append("\"\n");
        }
        Files.writeString(data.resolve("curl.cfg"), cfg);
        DatastoreFixture.sources(data);
        DatastoreFixture.datastore(data);
    }

    @Override
    public String runSdk(Path data, Path scratch) {
        hub.clearRequests();
        HfImporter hf = HfImporter.builder().endpoint(hub.endpoint()).build();
        Image image = DatastoreFixture.datastore(data).images().register("hf://datasets/" + REPO,
                ImportOptions.defaults().withImporter(hf));
        reportRequests("virtshare");
        return DatastoreFixture.fingerprint(image);
    }

    private void reportRequests(String who) {
        Map<String, Long> counts = hub.requestCounts();
        System.err.printf("%s: %s made %.3f requests per file %s%n", name(), who,
                (double) hub.requestCount() / count, counts);
    }

    @Override
    public Optional<UserCommand> userCommand(Runner runner, Path data, Path scratch) {
        if (peer == Peer.JS) {
            return Optional.empty();   // the curl rows carry the runner's rows; it is the same import
        }
        return Optional.of(runner.command(List.of("import", "--datastore", data.resolve("ds").toString(),
                "hf://datasets/" + REPO), Map.of("HF_ENDPOINT", hub.endpoint().toString())));
    }

    @Override
    public void cleanUp(Path data) {
        DatastoreFixture.keepOnly(DatastoreFixture.datastore(data), -1);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        hub.clearRequests();
        if (peer == Peer.JS) {
            return JsHubClient.command(script, hub.endpoint().toString(), "datasets/" + REPO, scratch);
        }
        List<String> curl = List.of("curl", "-sSfL", "--create-dirs", "--parallel", "--parallel-max", "8", "-K",
                data.resolve("curl.cfg").toString());
        return peer == Peer.CURL_SYNC ? Measurement.thenSync(curl, scratch) : curl;
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        reportRequests(tool());
        return DatastoreFixture.fingerprint(peer == Peer.JS ? JsHubClient.snapshotFolder(stdout) : scratch);
    }

    @Override
    public void close() {
        if (hub != null) {
            hub.close();
        }
    }
}
