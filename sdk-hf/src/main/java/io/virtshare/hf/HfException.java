package io.virtshare.hf;

import io.virtshare.VirtShareException;
import java.util.Optional;

/**
 * A Hugging Face import failed: the repository, revision or file does not exist, access
 * is refused (set {@code HF_TOKEN}, or request access to a gated repository), the server
 * kept failing, a file did not verify, or the server named an unsafe file. The message
 * says which and what to do.
 *
 * <pre>{@code
 * try { ds.images().register("hf://acme/private-model"); }
 * catch (HfException e) { System.err.println(e.getMessage() + " (HTTP " + e.status() + ")"); }
 * }</pre>
 */
public class HfException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status behind the failure, or 0 when there was none. */
    private final int status;
    /** The Hub's {@code X-Error-Code}, or null. */
    private final String errorCode;

    /**
     * @param message what went wrong and what to do
     * @param status the HTTP status, or 0
     * @param errorCode the Hub's {@code X-Error-Code}, or null
     */
    public HfException(String message, int status, String errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /**
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public HfException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errorCode = null;
    }

    /** The HTTP status behind the failure, or 0 when there was none. */
    public int status() {
        return status;
    }

    /** The Hub's {@code X-Error-Code} ({@code RepoNotFound}, {@code GatedRepo}, …), if it sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }
}
