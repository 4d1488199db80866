package io.virtshare.share.virtiofsd;

import io.virtshare.VirtShareException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A virtiofsd binary could not be found, identified or run.
 *
 * <pre>{@code
 * try {
 *     VirtiofsdBinary.detect(Path.of("/opt/virtiofsd"));
 * } catch (VirtiofsdException e) {
 *     System.err.println(e.binary() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class VirtiofsdException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    private final transient Path binary;

    /**
     * @param binary the virtiofsd binary concerned, or null when none was found
     * @param message what went wrong and what to do
     */
    public VirtiofsdException(Path binary, String message) {
        super(message);
        this.binary = binary;
    }

    /** The binary concerned, when there was one. */
    public Optional<Path> binary() {
        return Optional.ofNullable(binary);
    }
}
