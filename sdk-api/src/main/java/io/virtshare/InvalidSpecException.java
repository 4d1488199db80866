package io.virtshare;

/**
 * A spec or value was refused before anything was done with it: a tag too long, a
 * missing attribute, an out-of-range number. The message names the value and the rule.
 *
 * <pre>{@code
 * try { FilesystemDevice.virtiofs(dir, "a-very-long-tag-that-virtiofs-does-not-accept").build(); }
 * catch (InvalidSpecException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class InvalidSpecException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    /** @param message which value breaks which rule, and what to give instead */
    public InvalidSpecException(String message) {
        super(message);
    }
}
