/**
 * Progress reports and cancellation for long operations.
 *
 * <pre>{@code
 * ProgressListener listener = p -> System.err.println(p.operation() + " " + p.fraction());
 * Cancellation cancel = new Cancellation();
 * }</pre>
 */
package io.virtshare.progress;
