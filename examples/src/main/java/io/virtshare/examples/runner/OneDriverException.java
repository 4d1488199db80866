package io.virtshare.examples.runner;

import io.virtshare.VirtShareException;

/**
 * A datastore driver action that cannot be done as asked; the message says what was wrong
 * and what to do, and becomes oned's error message for the action.
 *
 * <pre>{@code
 * throw new OneDriverException("mkfs is not supported by this datastore (sharedfs): ...");
 * }</pre>
 */
final class OneDriverException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    OneDriverException(String message) {
        super(message);
    }
}
