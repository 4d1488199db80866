package io.virtshare.progress;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets a caller stop a long operation from another thread. The operation checks it
 * between small steps, stops with {@link OperationCancelledException}, and leaves
 * nothing half done behind.
 *
 * <pre>{@code
 * Cancellation cancel = new Cancellation();
 * executor.submit(() -> images.register(source, cancel));
 * cancel.cancel(); // later, from any thread
 * }</pre>
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** A cancellation that nobody has asked for yet. */
    public Cancellation() {
    }

    /** A cancellation that is never asked for, for callers that do not cancel. */
    public static Cancellation none() {
        return new Cancellation();
    }

    /** Asks the operation to stop; it does so at its next check. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Throws when cancelled.
     *
     * @param what the operation, for the message
     * @throws OperationCancelledException when {@link #cancel()} was called
     */
    public void check(String what) {
        if (cancelled.get()) {
            throw new OperationCancelledException(what + " was cancelled; nothing of it was kept");
        }
    }
}
