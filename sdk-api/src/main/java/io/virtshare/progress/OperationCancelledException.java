package io.virtshare.progress;

import io.virtshare.VirtShareException;

/**
 * A long operation stopped because its {@link Cancellation} was asked for. What it had
 * done was undone.
 *
 * <pre>{@code
 * try { ... } catch (OperationCancelledException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class OperationCancelledException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    /** @param message what was cancelled */
    public OperationCancelledException(String message) {
        super(message);
    }
}
