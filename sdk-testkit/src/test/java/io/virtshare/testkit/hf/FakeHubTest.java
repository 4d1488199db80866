package io.virtshare.testkit.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.testkit.junit.FakeHubExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The fake Hub speaks the protocol in NOTES.md, seen with a plain HTTP client. */
@ExtendWith(FakeHubExtension.class)
class FakeHubTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path tmp;

    private static HttpResponse<byte[]> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static FakeRepo repo() {
        return FakeRepo.model("acme", "tiny").file("config.json", "{}").generatedLfsFile("w.bin", 10_000, 3)
                .file("a/b/c.txt", "deep").revision("v1").revision("refs/pr/2").build();
    }

    @Test
    void revision_answersTheCommitForBranchesTagsAndPullRequests(FakeHub hub) throws Exception {
        FakeRepo repo = repo();
        hub.add(repo);

        for (String rev : new String[] {"main", "v1", "refs%2Fpr%2F2", repo.commit()}) {
            HttpResponse<byte[]> r = get(URI.create(hub.endpoint() + "/api/models/acme/tiny/revision/" + rev));
            assertThat(r.statusCode()).as(rev).isEqualTo(200);
            assertThat(text(r)).contains("\"sha\":\"" + repo.commit() + "\"");
        }
        HttpResponse<byte[]> missing = get(URI.create(hub.endpoint() + "/api/models/acme/tiny/revision/nope"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("RevisionNotFound");
    }

    @Test
    void pathsInfo_answersTheEntriesOfTheNamedFiles_asJsonOrForm(FakeHub hub) throws Exception {
        hub.add(repo());
        URI uri = URI.create(hub.endpoint() + "/api/models/acme/tiny/paths-info/main");

        for (String body : new String[] {"{\"paths\": [\"w.bin\", \"missing\"], \"expand\": true}",
                "paths=w.bin&paths=missing"}) {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(body).isEqualTo(200);
            assertThat(text(r)).as(body).startsWith("[{\"type\":\"file\"").contains("\"path\":\"w.bin\"")
                    .contains("\"lfs\":{\"oid\":").doesNotContain("missing");
        }
        HttpResponse<byte[]> bad = HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void tree_isPaginatedWithLinkHeaders() throws Exception {
        try (FakeHub hub = FakeHub.start(2)) {
            hub.add(repo());
            URI next = URI.create(hub.endpoint() + "/api/models/acme/tiny/tree/main?recursive=true");
            StringBuilder all = new StringBuilder();
            int pages = 0;
            while (next != null) {
                HttpResponse<byte[]> r = get(next);
                all.append(text(r));
                pages++;
                next = r.headers().firstValue("Link").map(l -> URI.create(l.substring(1, l.indexOf('>')))).orElse(null);
            }
            // directories a, a/b and three files: five entries on three pages
            assertThat(pages).isEqualTo(3);
            assertThat(all.toString()).contains("\"path\":\"a/b\"", "\"path\":\"a/b/c.txt\"", "\"lfs\":{\"oid\"");
        }
    }

    @Test
    void resolve_servesRegularFilesWithEtagAndLfsFilesThroughTheCdn(FakeHub hub) throws Exception {
        FakeRepo repo = repo();
        hub.add(repo);

        HttpResponse<byte[]> small = get(URI.create(hub.endpoint() + "/acme/tiny/resolve/main/config.json"));
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(small.headers().firstValue("ETag")).hasValue("\"" + gitSha1("{}".getBytes()) + "\"");
        assertThat(small.headers().firstValue("X-Repo-Commit")).hasValue(repo.commit());

        HttpResponse<byte[]> lfs = get(URI.create(hub.endpoint() + "/acme/tiny/resolve/main/w.bin"));
        assertThat(lfs.statusCode()).isEqualTo(302);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(repo.bytes("w.bin")));
        assertThat(lfs.headers().firstValue("X-Linked-Etag")).hasValue("\"" + sha256 + "\"");
        assertThat(lfs.headers().firstValue("X-Linked-Size")).hasValue("10000");
        URI cdn = URI.create(lfs.headers().firstValue("Location").orElseThrow());
        assertThat(cdn.getHost()).isEqualTo("localhost").isNotEqualTo(hub.endpoint().getHost());

        HttpResponse<byte[]> part = get(cdn, "Range", "bytes=100-199", "Authorization", "Bearer leaked");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-199/10000");
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(repo.bytes("w.bin"), 100, 200));
        assertThat(hub.requests()).filteredOn(r -> r.listener().equals("cdn")).singleElement()
                .satisfies(r -> assertThat(r.authorization()).hasValue("Bearer leaked"));
    }

    @Test
    void errors_carryTheHubsErrorCodes(FakeHub hub) throws Exception {
        hub.add(repo());
        hub.add(FakeRepo.model("acme", "gated").file("x", "y").gated("hf_ok").build());

        HttpResponse<byte[]> noRepo = get(URI.create(hub.endpoint() + "/api/models/acme/none/revision/main"));
        assertThat(noRepo.statusCode()).isEqualTo(401);
        assertThat(noRepo.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
        HttpResponse<byte[]> noRepoWithToken = get(URI.create(hub.endpoint() + "/api/models/acme/none/revision/main"),
                "Authorization", "Bearer hf_x");
        assertThat(noRepoWithToken.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> noFile = get(URI.create(hub.endpoint() + "/acme/tiny/resolve/main/missing.txt"));
        assertThat(noFile.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        HttpResponse<byte[]> gated = get(URI.create(hub.endpoint() + "/acme/gated/resolve/main/x"));
        assertThat(gated.statusCode()).isEqualTo(401);
        assertThat(gated.headers().firstValue("X-Error-Code")).hasValue("GatedRepo");
        HttpResponse<byte[]> denied = get(URI.create(hub.endpoint() + "/acme/gated/resolve/main/x"),
                "Authorization", "Bearer hf_other");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(get(URI.create(hub.endpoint() + "/acme/gated/resolve/main/x"), "Authorization", "Bearer hf_ok")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void datasets_andDirectories_areServed(FakeHub hub) throws Exception {
        Files.createDirectories(tmp.resolve("d/sub"));
        Files.writeString(tmp.resolve("d/readme.md"), "hi");
        Files.write(tmp.resolve("d/sub/big.bin"), new byte[5000]);
        hub.add(FakeRepo.dataset("acme", "data").directory(tmp.resolve("d"), 4096).build());

        assertThat(text(get(URI.create(hub.endpoint() + "/datasets/acme/data/resolve/main/readme.md")))).isEqualTo("hi");
        assertThat(get(URI.create(hub.endpoint() + "/datasets/acme/data/resolve/main/sub/big.bin")).statusCode())
                .isEqualTo(302);
        assertThat(get(URI.create(hub.endpoint() + "/acme/data/resolve/main/readme.md")).statusCode()).isEqualTo(401);
    }

    @Test
    void faults_switchOnAndOff(FakeHub hub) throws Exception {
        hub.add(repo());
        URI file = URI.create(hub.endpoint() + "/acme/tiny/resolve/main/config.json");
        hub.faults().tooManyRequests(1, 7, "config.json").serviceUnavailable(1, "config.json");

        HttpResponse<byte[]> first = get(file);
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(get(file).statusCode()).isEqualTo(503);
        assertThat(get(file).statusCode()).isEqualTo(200);

        hub.faults().ignoreRange(true);
        assertThat(get(file, "Range", "bytes=1-").statusCode()).isEqualTo(200);
        hub.faults().clear().corrupt("config.json");
        assertThat(get(file).body()).hasSize(2).isNotEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        hub.faults().clear().dropConnection(1, "config.json", 1);
        assertThatThrownBy(() -> get(file)).isInstanceOf(IOException.class);
        hub.faults().clear().requireToken("hf_t");
        assertThat(get(file).statusCode()).isEqualTo(401);
        hub.faults().clear().unsafeName("../evil");
        assertThat(text(get(URI.create(hub.endpoint() + "/api/models/acme/tiny/tree/main")))).contains("\"../evil\"");
        hub.faults().clear().slow(20_000);
        long start = System.nanoTime();
        get(URI.create(hub.endpoint() + "/acme/tiny/resolve/main/a/b/c.txt"));
        get(URI.create(hub.cdnEndpoint() + "/objects/" + sha256(repo().bytes("w.bin")) + "/w.bin"));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
    }

    @Test
    void xetFiles_areListedWithXetHash_andResolvedToTheBridgeWithTheHubsHeaders(FakeHub hub) throws Exception {
        byte[] data = "xet content".getBytes(StandardCharsets.UTF_8);
        hub.add(FakeRepo.model("acme", "xet").xetFile("model.safetensors", data).build());

        String tree = text(get(URI.create(hub.endpoint() + "/api/models/acme/xet/tree/main?recursive=true")));
        HttpResponse<byte[]> resolve = get(URI.create(hub.endpoint() + "/acme/xet/resolve/main/model.safetensors"));
        String xetHash = resolve.headers().firstValue("X-Xet-Hash").orElseThrow();
        HttpResponse<byte[]> bridge = get(URI.create(resolve.headers().firstValue("Location").orElseThrow()));

        assertThat(tree).contains("\"xetHash\":\"" + xetHash + "\"").contains("\"lfs\":{\"oid\":\"" + sha256(data) + "\"");
        assertThat(resolve.statusCode()).isEqualTo(302);
        assertThat(resolve.headers().firstValue("X-Linked-Etag")).hasValue("\"" + sha256(data) + "\"");
        assertThat(resolve.headers().firstValue("X-Linked-Size")).hasValue(Integer.toString(data.length));
        assertThat(resolve.headers().firstValue("Link").orElseThrow()).contains("rel=\"xet-auth\"")
                .contains("/xet-read-token/");
        assertThat(resolve.headers().firstValue("Location").orElseThrow()).startsWith(hub.cdnEndpoint()
                + "/xet-bridge-us/" + xetHash + "/");
        assertThat(bridge.body()).isEqualTo(data);
        assertThat(hub.requestCounts()).containsEntry("tree", 1L).containsEntry("resolve", 1L)
                .containsEntry("xet-bridge", 1L);
        assertThat(hub.bytesSent("model.safetensors")).isEqualTo(data.length);
    }

    @Test
    void rateLimit_headersCountDownPerBucket_andTheQuotaEndsIn429WithRetryAfter(FakeHub hub) throws Exception {
        hub.add(repo());
        hub.faults().rateLimit("resolvers", 2, java.time.Duration.ofSeconds(60));
        URI config = URI.create(hub.endpoint() + "/acme/tiny/resolve/main/config.json");

        HttpResponse<byte[]> first = get(config);
        HttpResponse<byte[]> second = get(config);
        HttpResponse<byte[]> third = get(config);
        HttpResponse<byte[]> api = get(URI.create(hub.endpoint() + "/api/models/acme/tiny/revision/main"));

        assertThat(first.headers().firstValue("RateLimit").orElseThrow()).matches("\"resolvers\";r=1;t=\\d+");
        assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue("\"fixed window\";\"resolvers\";q=2;w=60");
        assertThat(second.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"resolvers\";r=0;");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"api\";r=999999;");
    }

    @Test
    void headerFaults_andRawRetryAfter_reachTheClientAsGiven(FakeHub hub) throws Exception {
        hub.add(repo());
        hub.faults().header("config.json", "RateLimit", "garbage").tooManyRequests(1, "in a while", "config.json");
        URI config = URI.create(hub.endpoint() + "/acme/tiny/resolve/main/config.json");

        HttpResponse<byte[]> refused = get(config);
        HttpResponse<byte[]> served = get(config);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("in a while");
        assertThat(served.headers().firstValue("RateLimit")).hasValue("garbage");
    }

    @Test
    void generatedFiles_makeALargeRepositoryOfNumberedFiles() {
        FakeRepo repo = FakeRepo.dataset("acme", "many").generatedFiles("data/f-", 10_000, 32, 1).build();

        assertThat(repo.paths()).hasSize(10_000).startsWith("data/f-00000.txt").endsWith("data/f-09999.txt");
        assertThat(repo.bytes("data/f-00042.txt")).hasSize(32);
    }

    @Test
    void close_isIdempotent() {
        FakeHub hub = FakeHub.start();
        hub.close();
        hub.close();
        assertThatThrownBy(() -> get(URI.create(hub.endpoint() + "/api/models/a/b/revision/main")))
                .isInstanceOf(IOException.class);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String gitSha1(byte[] data) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        md.update(("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(md.digest(data));
    }
}
