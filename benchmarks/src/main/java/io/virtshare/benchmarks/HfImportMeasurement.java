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
import java.util.Optional;

/**
 * An {@code hf://} import of a repository of 8 LFS files from the testkit's fake Hub into a
 * datastore ({@code Images.register}, every byte verified) vs 8 parallel {@code curl}
 * downloads, or vs the official JavaScript client's {@code snapshotDownload}; neither of
 * those verifies anything. Both sides download from the same Hub in this JVM.
 */
final class HfImportMeasurement implements Measurement {
    /** What our import is compared with. */
    enum Peer {
        /** 8 parallel curl downloads. */
        CURL,
        /** 8 parallel curl downloads, then {@code sync}: the import makes its image durable before READY. */
        CURL_SYNC,
        /** The JavaScript client's snapshotDownload. */
        JS
    }

    static final int FILES = 8;
    private static final String REPO = "bench/model";

    private final Peer peer;
    private FakeHub hub;
    private List<String> paths = List.of();
    private Path script;

    HfImportMeasurement(Peer peer) {
        this.peer = peer;
    }

    @Override
    public String name() {
        return switch (peer) {
            case CURL -> "hf-import-curl";
            case CURL_SYNC -> "hf-import-curl-sync";
            case JS -> "hf-import-js";
        };
    }

    @Override
    public String description() {
        return peer != Peer.JS
                ? "hf:// import of 8 LFS files (--size-mb in all, verified) from a fake Hub vs 8 parallel curl"
                        + (peer == Peer.CURL_SYNC ? " followed by sync" : "")
                : "hf:// import of 8 LFS files (--size-mb in all, verified) from a fake Hub vs @huggingface/hub"
                        + " snapshotDownload (node)";
    }

    @Override
    public Optional<Double> target() {
        return Optional.of(peer == Peer.JS ? 0.5 : 1.0);   // issue 15: verified at most as slow as curl
    }

    @Override
    public String tool() {
        return peer == Peer.JS ? "node" : "curl";
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        long sizeBytes = set.bytes();
        if (peer == Peer.JS) {
            script = JsHubClient.install();
        }
        Path files = Files.createDirectories(data.resolve("repo"));
        for (int i = 0; i < FILES; i++) {
            TestData.file(files.resolve(String.format("model-%05d-of-%05d.safetensors", i + 1, FILES)),
                    Math.max(1, sizeBytes / FILES), 400 + i);
        }
        FakeRepo repo = FakeRepo.model("bench", "model").directory(files, 1).build();   // all LFS: via the CDN
        paths = repo.paths();
        hub = FakeHub.start();
        hub.add(repo);
        DatastoreFixture.sources(data);
        DatastoreFixture.datastore(data);
    }

    @Override
    public String runSdk(Path data, Path scratch) {
        HfImporter hf = HfImporter.builder().endpoint(hub.endpoint()).build();
        Image image = DatastoreFixture.datastore(data).images().register("hf://" + REPO,
                ImportOptions.defaults().withImporter(hf));
        return DatastoreFixture.fingerprint(image);
    }

    @Override
    public Optional<UserCommand> userCommand(Runner runner, Path data, Path scratch) {
        if (peer == Peer.JS) {
            return Optional.empty();   // the curl rows carry the runner's rows; it is the same import
        }
        return Optional.of(runner.command(List.of("import", "--datastore", data.resolve("ds").toString(), "hf://" + REPO),
                java.util.Map.of("HF_ENDPOINT", hub.endpoint().toString())));
    }

    @Override
    public void cleanUp(Path data) {
        DatastoreFixture.keepOnly(DatastoreFixture.datastore(data), -1);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        if (peer == Peer.JS) {
            return JsHubClient.command(script, hub.endpoint().toString(), REPO, scratch);
        }
        StringBuilder sh = new StringBuilder("set -e; pids=''; ");
        for (String path : paths) {
            sh.append("curl -sSfL -o '").append(scratch.resolve(path)).append("' '").append(hub.endpoint())
                    .append('/').append(REPO).append("/resolve/main/").append(path).append("' & pids=\"$pids $!\"; ");
        }
        sh.append("for p in $pids; do wait $p; done");
        List<String> command = List.of("sh", "-c", sh.toString());
        return peer == Peer.CURL_SYNC ? Measurement.thenSync(command, scratch) : command;
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return DatastoreFixture.fingerprint(peer == Peer.JS ? JsHubClient.snapshotFolder(stdout) : scratch);
    }

    @Override
    public void close() {
        if (hub != null) {
            hub.close();
        }
    }
}
