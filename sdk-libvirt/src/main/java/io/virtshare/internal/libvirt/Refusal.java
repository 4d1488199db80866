package io.virtshare.internal.libvirt;

import io.virtshare.BackendFailure;
import java.util.Objects;

/**
 * Why the SDK does not ask libvirt for a device change it knows will fail, and what to do
 * instead.
 *
 * @param failure the kind of failure to report
 * @param message the reason and the alternative, in one line
 */
record Refusal(BackendFailure failure, String message) {
    Refusal {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(message, "message");
    }
}
