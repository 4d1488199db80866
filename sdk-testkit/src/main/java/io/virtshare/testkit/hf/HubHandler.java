package io.virtshare.testkit.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Hub listener: revision, tree and paths-info APIs, resolve, and the Hub's errors. */
final class HubHandler implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CURSOR = Pattern.compile("(?:^|&)cursor=(\\d+)");

    private final FakeHub hub;

    HubHandler(FakeHub hub) {
        this.hub = hub;
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        Exchange ex = new Exchange(http, "hub", hub);
        try {
            route(ex);
        } finally {
            ex.record();
            ex.close();
        }
    }

    private void route(Exchange ex) throws IOException {
        String required = hub.faults().requiredToken();
        if (required != null && !ex.token().filter(required::equals).isPresent()) {
            ex.error(401, null, "Invalid credentials in Authorization header");
            return;
        }
        if (ex.rateLimited() || ex.statusFault()) {
            return;
        }
        List<String> s = ex.segments();
        if (s.size() >= 6 && s.get(0).equals("api") && (s.get(1).equals("models") || s.get(1).equals("datasets"))) {
            FakeRepo.Kind kind = s.get(1).equals("models") ? FakeRepo.Kind.MODEL : FakeRepo.Kind.DATASET;
            Optional<FakeRepo> repo = repo(ex, kind, s.get(2) + "/" + s.get(3));
            if (repo.isEmpty()) {
                return;
            }
            String rest = String.join("/", s.subList(5, s.size()));
            switch (s.get(4)) {
                case "revision" -> revision(ex, repo.get(), rest);
                case "tree" -> tree(ex, repo.get(), s.get(5), String.join("/", s.subList(6, s.size())));
                case "paths-info" -> pathsInfo(ex, repo.get(), rest);
                default -> ex.error(404, null, "no such API: /" + ex.path());
            }
            return;
        }
        int at = s.size() > 0 && s.get(0).equals("datasets") ? 1 : 0;
        if (s.size() >= at + 5 && s.get(at + 2).equals("resolve")) {
            FakeRepo.Kind kind = at == 1 ? FakeRepo.Kind.DATASET : FakeRepo.Kind.MODEL;
            Optional<FakeRepo> repo = repo(ex, kind, s.get(at) + "/" + s.get(at + 1));
            if (repo.isPresent() && gateOpen(ex, repo.get())) {
                resolve(ex, repo.get(), s.get(at + 3), String.join("/", s.subList(at + 4, s.size())));
            }
            return;
        }
        ex.error(404, null, "not found: /" + ex.path());
    }

    /** The repository, or an answer as the Hub gives it: 401 without a token, 404 with one. */
    private Optional<FakeRepo> repo(Exchange ex, FakeRepo.Kind kind, String id) throws IOException {
        Optional<FakeRepo> repo = hub.repo(kind, id);
        if (repo.isEmpty()) {
            String message = "Repository Not Found for url: " + ex.path() + ". Please make sure you specified the"
                    + " correct repo_id and repo_type. If you are trying to access a private or gated repo, make sure"
                    + " you are authenticated.";
            ex.error(ex.token().isPresent() ? 404 : 401, "RepoNotFound", message);
        }
        return repo;
    }

    private boolean gateOpen(Exchange ex, FakeRepo repo) throws IOException {
        if (!repo.gated()) {
            return true;
        }
        if (ex.token().isEmpty()) {
            ex.error(401, "GatedRepo", "Access to model " + repo.id() + " is restricted. You must have access to it"
                    + " and be authenticated to access it. Please log in.");
            return false;
        }
        if (!repo.granted(ex.token().get())) {
            ex.error(403, "GatedRepo", "Access to model " + repo.id() + " is restricted and you are not in the"
                    + " authorized list. Visit https://huggingface.co/" + repo.id() + " to ask for access.");
            return false;
        }
        return true;
    }

    private boolean knownRevision(Exchange ex, FakeRepo repo, String rev) throws IOException {
        if (rev.equals(repo.commit()) || repo.revisions().contains(rev)) {
            return true;
        }
        ex.error(404, "RevisionNotFound", "Invalid rev id: " + rev);
        return false;
    }

    private void revision(Exchange ex, FakeRepo repo, String rev) throws IOException {
        if (knownRevision(ex, repo, rev)) {
            ex.json(200, "{\"id\":" + Json.quote(repo.id()) + ",\"sha\":" + Json.quote(repo.commit())
                    + ",\"private\":false,\"gated\":" + repo.gated() + "}");
        }
    }

    private void tree(Exchange ex, FakeRepo repo, String rev, String dir) throws IOException {
        if (!knownRevision(ex, repo, rev)) {
            return;
        }
        String prefix = dir.isEmpty() ? "" : dir + "/";
        List<FakeFile> files = repo.files().values().stream().filter(f -> f.path().startsWith(prefix))
                .sorted((a, b) -> a.path().compareTo(b.path())).toList();
        if (!dir.isEmpty() && files.isEmpty()) {
            ex.error(404, "EntryNotFound", "Entry not found: " + dir + " is no folder of " + repo.id());
            return;
        }
        List<String> entries = new ArrayList<>();
        TreeSet<String> dirs = new TreeSet<>();
        for (FakeFile f : files) {
            String rel = f.path();
            for (int i = rel.indexOf('/', prefix.length()); i > 0; i = rel.indexOf('/', i + 1)) {
                dirs.add(rel.substring(0, i));
            }
        }
        dirs.forEach(d -> entries.add("{\"type\":\"directory\",\"oid\":\"0000000000000000000000000000000000000000\""
                + ",\"size\":0,\"path\":" + Json.quote(d) + "}"));
        for (FakeFile f : files) {
            entries.add(entry(f));
        }
        for (String unsafe : hub.faults().unsafeNames()) {
            entries.add(entry(unsafe, 4, "1111111111111111111111111111111111111111", null, null));
        }
        Matcher m = CURSOR.matcher(ex.query());
        int from = m.find() ? Integer.parseInt(m.group(1)) : 0;
        int to = Math.min(entries.size(), from + hub.pageSize());
        if (to < entries.size()) {
            String next = hub.endpoint() + "/api/" + (repo.kind() == FakeRepo.Kind.MODEL ? "models" : "datasets")
                    + "/" + repo.id() + "/tree/" + URLEncoder.encode(rev, StandardCharsets.UTF_8)
                    + (dir.isEmpty() ? "" : "/" + dir) + "?recursive=true&cursor=" + to;
            ex.setHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        ex.json(200, "[" + String.join(",", entries.subList(Math.min(from, to), to)) + "]");
    }

    /**
     * {@code POST …/paths-info/{rev}} with {@code {"paths": [...]}} (JSON, as the JavaScript
     * client sends it) or {@code paths=…&paths=…} (form): the tree entries of those files.
     */
    private void pathsInfo(Exchange ex, FakeRepo repo, String rev) throws IOException {
        if (!knownRevision(ex, repo, rev)) {
            return;
        }
        List<String> paths = new ArrayList<>();
        String body = ex.bodyText();
        if (body.stripLeading().startsWith("{")) {
            try {
                JSON.readTree(body).path("paths").forEach(p -> paths.add(p.asText()));
            } catch (JsonProcessingException e) {
                ex.error(400, null, "paths-info wants {\"paths\": [...]}: " + e.getOriginalMessage());
                return;
            }
        } else {
            for (String pair : body.split("&")) {
                if (pair.startsWith("paths=")) {
                    paths.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
                }
            }
        }
        List<String> entries = new ArrayList<>();
        for (String path : paths) {
            FakeFile f = repo.files().get(path);
            if (f != null) {
                entries.add(entry(f));
            }
        }
        ex.json(200, "[" + String.join(",", entries) + "]");
    }

    private static String entry(FakeFile f) {
        return entry(f.path(), f.size(), f.gitOid(), f.lfsOid().orElse(null), f.xetHash().orElse(null));
    }

    /** A tree entry as the Hub lists it; Xet-backed files carry {@code xetHash} besides their {@code lfs} fields. */
    private static String entry(String path, long size, String oid, String lfsOid, String xetHash) {
        return "{\"type\":\"file\",\"oid\":" + Json.quote(oid) + ",\"size\":" + size + ",\"path\":" + Json.quote(path)
                + (xetHash == null ? "" : ",\"xetHash\":" + Json.quote(xetHash))
                + (lfsOid == null ? "" : ",\"lfs\":{\"oid\":" + Json.quote(lfsOid) + ",\"size\":" + size
                        + ",\"pointerSize\":134}") + "}";
    }

    private void resolve(Exchange ex, FakeRepo repo, String rev, String path) throws IOException {
        if (!knownRevision(ex, repo, rev)) {
            return;
        }
        FakeFile file = repo.files().get(path);
        if (file == null) {
            ex.error(404, "EntryNotFound", path + " does not exist on \"" + rev + "\" of " + repo.id());
            return;
        }
        ex.setHeader("X-Repo-Commit", repo.commit());
        if (file.isLfs()) {
            String oid = file.lfsOid().orElseThrow();
            ex.setHeader("ETag", "\"" + oid + "\"");
            ex.setHeader("X-Linked-Etag", "\"" + oid + "\"");
            ex.setHeader("X-Linked-Size", Long.toString(file.size()));
            if (file.isXet()) {
                // the Hub's answer for Xet-backed files: the Xet hash, where a Xet client gets its token and
                // reconstruction, and a redirect to the bridge that serves the bytes over plain HTTP
                String hash = file.xetHash().orElseThrow();
                String api = hub.endpoint() + "/api/" + (repo.kind() == FakeRepo.Kind.MODEL ? "models" : "datasets")
                        + "/" + repo.id();
                ex.setHeader("X-Xet-Hash", hash);
                ex.setHeader("Link", "<" + api + "/xet-read-token/" + repo.commit() + ">; rel=\"xet-auth\", <"
                        + hub.cdnEndpoint() + "/v1/reconstructions/" + hash + ">; rel=\"xet-reconstruction-info\"");
                ex.setHeader("Location", hub.cdnEndpoint() + "/xet-bridge-us/" + hash + "/" + encodePath(path)
                        + "?X-Amz-Expires=3600&X-Amz-Signature=fake");
            } else {
                ex.setHeader("Location", hub.cdnEndpoint() + "/objects/" + oid + "/" + encodePath(path)
                        + "?expires=4102444800&signature=fake");
            }
            ex.bytes(302, new byte[0]);
            return;
        }
        ex.setHeader("ETag", "\"" + file.gitOid() + "\"");
        ex.content(file);
    }

    static String encodePath(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/", -1)) {
            parts.add(URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", parts);
    }
}
