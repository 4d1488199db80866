package io.virtshare.domain;

import io.virtshare.VirtShareException;

/**
 * A change to a domain definition was refused: a duplicate mount tag, a device that is
 * not there, a domain without the elements the change needs.
 *
 * <pre>{@code
 * try { domain.attach(fs); } catch (DomainXmlException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class DomainXmlException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and what to do */
    public DomainXmlException(String message) {
        super(message);
    }
}
