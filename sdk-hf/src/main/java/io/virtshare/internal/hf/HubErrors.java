package io.virtshare.internal.hf;

import io.virtshare.hf.HfException;
import io.virtshare.hf.HfSource;
import java.net.URI;

/** Turns the Hub's error answers into messages that say what to do. */
final class HubErrors {
    private HubErrors() {
    }

    /**
     * @param file the repository path concerned, or null for API calls
     */
    static HfException of(int status, String errorCode, String serverMessage, HfSource source, String revision,
            String file, HubSettings settings) {
        String repo = source.type().name().toLowerCase(java.util.Locale.ROOT) + " " + source.repoId();
        String page = settings.endpoint() + "/" + source.type().urlPrefix() + source.repoId();
        String code = errorCode == null ? "" : errorCode;
        String tokenHint = settings.token().isPresent() ? "the token in HF_TOKEN was sent" : "no token was sent";
        String message = switch (code) {
            case "RepoNotFound" -> "the Hub has no " + repo + " (HTTP " + status + ", RepoNotFound) at "
                    + settings.endpoint() + "; check the name" + (settings.token().isPresent()
                            ? " and that your HF_TOKEN may read it" : ", or set HF_TOKEN if it is private");
            case "RevisionNotFound" -> "revision '" + revision + "' of " + repo + " does not exist (HTTP " + status
                    + ", RevisionNotFound); use a branch, tag, refs/pr/N or commit of it";
            case "EntryNotFound" -> "'" + (file == null ? source.path() : file) + "' does not exist in " + repo
                    + " at revision " + revision + " (HTTP " + status + ", EntryNotFound); check the path";
            case "GatedRepo" -> status == 401
                    ? repo + " is gated and " + tokenHint + " (HTTP 401, GatedRepo); set HF_TOKEN to a token of an"
                            + " account that was granted access at " + page
                    : "your HF_TOKEN has no access to the gated " + repo + " (HTTP 403, GatedRepo); request access at "
                            + page + " and try again";
            default -> status == 401
                    ? "the Hub refused access to " + repo + " (HTTP 401) and " + tokenHint + "; "
                            + (settings.token().isPresent() ? "check that HF_TOKEN is valid" : "set HF_TOKEN")
                    : status == 403 ? "the Hub refused access to " + repo + " (HTTP 403); check that HF_TOKEN may read"
                            + " it (request access at " + page + ")"
                    : "the Hub answered HTTP " + status + " for " + (file == null ? repo : "file '" + file
                            + "' of " + repo) + (serverMessage == null || serverMessage.isBlank() ? ""
                                    : ": " + oneLine(serverMessage));
        };
        return new HfException(message, status, errorCode);
    }

    /** The final error after retries, naming repository, file and status. */
    static HfException gaveUp(HfSource source, String file, int attempts, String last) {
        return new HfException("gave up on " + (file == null ? "" : "file '" + file + "' of ") + source.describe()
                + " after " + attempts + " attempts (last: " + last + "); " + (last.startsWith("cannot connect")
                        ? "check HF_ENDPOINT and the network" : "the Hub or the network is failing")
                + ", then try again (a new attempt resumes what was verified)", statusOf(last), null);
    }

    private static int statusOf(String last) {
        if (last.startsWith("HTTP ")) {
            try {
                return Integer.parseInt(last.substring(5, 8));
            } catch (RuntimeException e) {
                return 0;
            }
        }
        return 0;
    }

    static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
    }

    static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
