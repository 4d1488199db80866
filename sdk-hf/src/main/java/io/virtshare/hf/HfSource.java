package io.virtshare.hf;

import io.virtshare.InvalidSpecException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code hf://} source:
 * {@code hf://[models/|datasets/|spaces/]<namespace>/<name>[@<revision>][/<path>][?allow=P&ignore=P…]}.
 * The namespace is required. The revision is a branch, a tag, {@code refs/pr/N},
 * {@code refs/convert/X} or a commit (default {@code main}); other revisions with a
 * {@code /} are written percent-encoded ({@code @release%2Fv1}). The path imports only
 * that folder of the repository. {@code allow} and {@code ignore} (repeatable) filter
 * files by the repository path with {@code huggingface_hub}'s semantics: shell patterns
 * where {@code *} also matches {@code /}, and a pattern ending in {@code /} matches
 * everything below that folder.
 *
 * <pre>{@code
 * HfSource s = HfSource.parse("hf://datasets/acme/reviews@refs/pr/3/data?allow=*.parquet");
 * s.repoId();    // "acme/reviews"
 * s.revision();  // Optional[refs/pr/3]
 * s.path();      // "data"
 * }</pre>
 *
 * @param type model, dataset or space
 * @param namespace the user or organisation
 * @param name the repository name
 * @param revision the revision, empty for {@code main}
 * @param path the folder to import, empty for the whole repository
 * @param allow only files matching one of these are imported (all when empty)
 * @param ignore files matching one of these are not imported
 */
public record HfSource(HfRepoType type, String namespace, String name, Optional<String> revision, String path,
        List<String> allow, List<String> ignore) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");
    private static final Pattern SPECIAL_REVISION = Pattern.compile("^(refs/pr/\\d+|refs/convert/[^/]+)(?:/|$)");
    private static final String FORM = "hf://[models/|datasets/|spaces/]<namespace>/<name>[@<revision>][/<path>]";

    public HfSource {
        Objects.requireNonNull(type, "type");
        revision = revision == null ? Optional.empty() : revision;
        path = path == null ? "" : path;
        allow = List.copyOf(allow == null ? List.of() : allow);
        ignore = List.copyOf(ignore == null ? List.of() : ignore);
        String shown = namespace + "/" + name;
        requireName(namespace, "namespace", shown);
        requireName(name, "name", shown);
        revision.ifPresent(r -> requireRevision(r, shown));
        if (!path.isEmpty()) {
            requireSafePath(path, shown);
        }
        for (String p : allow) {
            requirePattern(p, "allow");
        }
        for (String p : ignore) {
            requirePattern(p, "ignore");
        }
    }

    /**
     * Parses an {@code hf://} URI.
     *
     * @throws InvalidSpecException naming what is wrong and showing the accepted form
     */
    public static HfSource parse(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, "hf://", 0, 5)) {
            throw new InvalidSpecException("'" + uri + "' is not an hf:// source; write " + FORM);
        }
        String rest = uri.substring(5);
        List<String> allow = new ArrayList<>();
        List<String> ignore = new ArrayList<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            query(uri, rest.substring(q + 1), allow, ignore);
            rest = rest.substring(0, q);
        }
        HfRepoType type = HfRepoType.MODEL;
        for (HfRepoType t : HfRepoType.values()) {
            if (rest.startsWith(t.apiSegment() + "/")) {
                type = t;
                rest = rest.substring(t.apiSegment().length() + 1);
                break;
            }
        }
        int slash = rest.indexOf('/');
        int at = rest.indexOf('@');
        if (slash < 0 || (at >= 0 && at < slash)) {
            throw new InvalidSpecException("'" + uri + "' names no namespace; write " + FORM
                    + ", e.g. hf://openai-community/gpt2");
        }
        String namespace = rest.substring(0, slash);
        rest = rest.substring(slash + 1);
        int end = firstOf(rest, '@', '/');
        String name = rest.substring(0, end);
        rest = rest.substring(end);
        Optional<String> revision = Optional.empty();
        if (rest.startsWith("@")) {
            rest = rest.substring(1);
            Matcher special = SPECIAL_REVISION.matcher(rest);
            int revEnd = special.find() ? special.end(1) : firstOf(rest, '/', '/');
            String rev = URLDecoder.decode(rest.substring(0, revEnd).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (rev.isEmpty()) {
                throw new InvalidSpecException("'" + uri + "' has an empty revision after '@'; name a branch, tag,"
                        + " refs/pr/N or commit, or leave out the '@'");
            }
            revision = Optional.of(rev);
            rest = rest.substring(revEnd);
        }
        String path = rest.startsWith("/") ? rest.substring(1) : rest;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new HfSource(type, namespace, name, revision, path, allow, ignore);
    }

    private static void query(String uri, String query, List<String> allow, List<String> ignore) {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            switch (key) {
                case "allow" -> allow.add(value);
                case "ignore" -> ignore.add(value);
                default -> throw new InvalidSpecException("'" + uri + "' has an unknown parameter '" + key
                        + "'; hf:// sources take allow=PATTERN and ignore=PATTERN");
            }
        }
    }

    private static int firstOf(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return s.length();
    }

    private static void requireName(String value, String what, String shown) {
        if (value == null || !NAME.matcher(value).matches() || value.contains("--") || value.contains("..")) {
            throw new InvalidSpecException("'" + value + "' is not a valid repository " + what + " (in " + shown
                    + "); use 1-96 letters, digits, '-', '_' or '.', starting and ending with a letter or digit,"
                    + " without '--' or '..'");
        }
    }

    private static void requireRevision(String rev, String shown) {
        if (rev.isEmpty() || rev.length() > 256 || rev.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ' '
                || c == '\\') || rev.contains("..") || rev.startsWith("/") || rev.endsWith("/")) {
            throw new InvalidSpecException("'" + rev + "' is not a valid revision of " + shown + "; name a branch,"
                    + " tag, refs/pr/N or a 40-hex commit");
        }
    }

    private static void requireSafePath(String path, String shown) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\\') >= 0
                    || segment.indexOf('\0') >= 0) {
                throw new InvalidSpecException("'" + path + "' is not a valid folder of " + shown
                        + "; give a relative path without '.', '..', empty segments or backslashes");
            }
        }
    }

    private static void requirePattern(String pattern, String what) {
        if (pattern.isEmpty() || pattern.indexOf('\0') >= 0) {
            throw new InvalidSpecException("an empty " + what + " pattern matches nothing useful; give a pattern"
                    + " such as *.safetensors or onnx/");
        }
    }

    /** {@code namespace/name}. */
    public String repoId() {
        return namespace + "/" + name;
    }

    /** The revision to resolve: the one given, or {@code main}. */
    public String revisionOrMain() {
        return revision.orElse("main");
    }

    /** This source with these allow patterns (replacing any). */
    public HfSource withAllow(List<String> patterns) {
        return new HfSource(type, namespace, name, revision, path, patterns, ignore);
    }

    /** This source with these ignore patterns (replacing any). */
    public HfSource withIgnore(List<String> patterns) {
        return new HfSource(type, namespace, name, revision, path, allow, patterns);
    }

    /** A readable description, e.g. {@code model acme/tiny@main}. */
    public String describe() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + " " + repoId() + "@" + revisionOrMain()
                + (path.isEmpty() ? "" : "/" + path);
    }
}
