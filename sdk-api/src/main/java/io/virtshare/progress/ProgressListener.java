package io.virtshare.progress;

/**
 * Receives progress reports from long operations (import, clone, download, delete of
 * big trees). Called on the thread doing the work, possibly several; keep it quick and
 * thread-safe. Reports are throttled by the operation, not by the listener.
 *
 * <pre>{@code
 * ProgressListener listener = p -> System.err.println(p.operation() + " " + p.bytesDone());
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores every report. */
    ProgressListener NONE = progress -> { };

    /** Receives one report. */
    void progress(Progress progress);
}
