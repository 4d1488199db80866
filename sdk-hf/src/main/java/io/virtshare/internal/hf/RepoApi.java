package io.virtshare.internal.hf;

import io.virtshare.hf.HfException;
import io.virtshare.hf.HfSource;
import io.virtshare.progress.Cancellation;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The Hub's revision and tree APIs, and the URLs of files. */
public final class RepoApi {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_PAGES = 10_000;

    private final HubClient client;

    public RepoApi(HubClient client) {
        this.client = client;
    }

    /** The 40-hex commit of the source's revision (no request when it already is one). */
    public String commit(HfSource source, Cancellation cancel) {
        return revision(source, cancel).commit();
    }

    /**
     * A revision resolved: its commit, and whether the repository's files are restricted
     * (gated or private, as the revision answer says; unknown counts as restricted).
     *
     * @param commit the 40-hex commit
     * @param restricted whether only some users may download its files
     */
    public record Revision(String commit, boolean restricted) {
    }

    /** The source's revision resolved (no request when it already is a commit: then restricted, as unknown). */
    public Revision revision(HfSource source, Cancellation cancel) {
        String rev = source.revisionOrMain();
        if (COMMIT.matcher(rev).matches()) {
            return new Revision(rev, true);
        }
        URI uri = api(source, "revision/" + encode(rev));
        HubJson.RevisionAnswer answer = client.json(uri, source, rev, null, cancel, HubJson::revision);
        String sha = answer.sha();
        if (!COMMIT.matcher(sha).matches()) {
            throw new HfException("the Hub answered revision '" + rev + "' of " + source.describe() + " without a"
                    + " commit sha; check HF_ENDPOINT", 0, null);
        }
        return new Revision(sha, !answer.open());
    }

    /** Every file below the source's path at {@code commit}, following {@code Link} pagination. */
    public List<RepoFile> files(HfSource source, String commit, Cancellation cancel) {
        URI next = api(source, "tree/" + commit + (source.path().isEmpty() ? "" : "/" + encodePath(source.path()))
                + "?recursive=true&expand=false");
        List<RepoFile> files = new ArrayList<>();
        java.util.Set<URI> seen = new java.util.HashSet<>();
        for (int page = 0; next != null; page++) {
            if (!seen.add(next)) {
                throw new HfException("the Hub's tree of " + source.describe() + " links back to a page it already"
                        + " sent (" + HubErrors.where(next) + "); check HF_ENDPOINT", 0, null);
            }
            if (page >= MAX_PAGES) {
                throw new HfException("the tree of " + source.describe() + " has more than " + MAX_PAGES
                        + " pages; check HF_ENDPOINT", 0, null);
            }
            HubClient.Page<List<HubJson.TreeEntry>> p = client.jsonPage(next, source, commit, cancel, HubJson::tree);
            if (p.value() == null) {
                throw new HfException("the Hub's tree of " + source.describe() + " is not a JSON array; check"
                        + " HF_ENDPOINT", 0, null);
            }
            for (HubJson.TreeEntry entry : p.value()) {
                if (entry.type().equals("file")) {
                    files.add(file(entry, source));
                }
            }
            if (p.next() != null && !client.settings().sameOrigin(p.next())) {
                throw new HfException("the Hub's tree of " + source.describe() + " points its next page to another"
                        + " host (" + p.next().getHost() + "); check HF_ENDPOINT", 0, null);
            }
            next = p.next();
        }
        return files;
    }

    private static RepoFile file(HubJson.TreeEntry entry, HfSource source) {
        String path = entry.path();
        long size = entry.size();
        String oid = entry.oid();
        Optional<String> lfs = Optional.empty();
        if (entry.lfs()) {
            String sha = entry.lfsOid();
            if (!SHA256.matcher(sha).matches()) {
                throw new HfException("the Hub listed '" + path + "' of " + source.describe() + " with an invalid"
                        + " LFS sha256 '" + sha + "'; check HF_ENDPOINT", 0, null);
            }
            lfs = Optional.of(sha);
            size = entry.lfsSize() == HubJson.TreeEntry.NO_SIZE ? size : entry.lfsSize();
        }
        Optional<String> xet = Optional.empty();
        if (entry.xet()) {
            String hash = entry.xetHash();
            if (!SHA256.matcher(hash).matches() || lfs.isEmpty()) {
                throw new HfException("the Hub listed '" + path + "' of " + source.describe() + " as a Xet file "
                        + (lfs.isEmpty() ? "without the sha256 of its content (lfs.oid), so it cannot be verified"
                                : "with an invalid xetHash '" + HubErrors.oneLine(hash) + "'")
                        + "; check HF_ENDPOINT", 0, null);
            }
            xet = Optional.of(hash);
        }
        if (path == null || size < 0 || (lfs.isEmpty() && !COMMIT.matcher(oid).matches())) {
            throw new HfException("the Hub listed a file of " + source.describe() + " without a path, size or"
                    + " hash (" + entry.describe() + "); check HF_ENDPOINT", 0, null);
        }
        return new RepoFile(path, size, oid, lfs, xet);
    }

    /** {@code {endpoint}/{prefix}{ns}/{name}/resolve/{commit}/{path}}. */
    public URI resolve(HfSource source, String commit, String path) {
        return URI.create(base(client.settings().endpoint()) + "/" + source.type().urlPrefix() + source.repoId()
                + "/resolve/" + commit + "/" + encodePath(path));
    }

    private URI api(HfSource source, String rest) {
        return URI.create(base(client.settings().endpoint()) + "/api/" + source.type().apiSegment() + "/"
                + source.repoId() + "/" + rest);
    }

    private static String base(URI endpoint) {
        String s = endpoint.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String encodePath(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/", -1)) {
            parts.add(encode(p));
        }
        return String.join("/", parts);
    }
}
