package io.virtshare;

import java.util.Objects;
import java.util.Optional;

/**
 * A backend (libvirt, QEMU-direct, XML files) could not do what was asked. Carries the
 * backend's name, the target it works on (a libvirt URI, a directory), the operation, the
 * pool, volume or VM concerned, and a {@link BackendFailure} to branch on; the message says
 * what happened and what to do.
 *
 * <pre>{@code
 * try (var vs = VirtShare.builder().backend("libvirt").uri("qemu:///system").build()) {
 *     vs.vms().get("web1").start();
 * } catch (BackendException e) {
 *     System.err.println(e.backend() + " " + e.target() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class BackendException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    private final String backend;
    private final String target;
    private final String operation;
    private final String subject;
    private final BackendFailure failure;

    /**
     * Creates the error.
     *
     * @param backend the backend's name, e.g. {@code libvirt}
     * @param target what the backend works on, e.g. {@code qemu:///system}
     * @param operation what was being done, e.g. {@code start vm}
     * @param subject the pool, volume or VM concerned, or {@code null}
     * @param failure the kind of failure
     * @param message what happened and what to do
     * @param cause the underlying failure, or {@code null}
     */
    public BackendException(String backend, String target, String operation, String subject,
            BackendFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.backend = Objects.requireNonNull(backend, "backend");
        this.target = Objects.requireNonNull(target, "target");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.subject = subject;
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The backend's name, e.g. {@code libvirt}, {@code qemu}, {@code xml-files}. */
    public String backend() {
        return backend;
    }

    /** What the backend works on: a libvirt URI, a directory. */
    public String target() {
        return target;
    }

    /** What was being done, e.g. {@code define pool}. */
    public String operation() {
        return operation;
    }

    /** The pool, volume or VM concerned, when there is one. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The kind of failure. */
    public BackendFailure failure() {
        return failure;
    }
}
