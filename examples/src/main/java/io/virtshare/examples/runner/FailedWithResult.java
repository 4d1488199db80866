package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A command ran but what it checked failed: its JSON still goes to stdout, the one-line
 * reason to stderr, and the runner exits 1.
 */
final class FailedWithResult extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient JsonNode result;

    FailedWithResult(JsonNode result, String reason) {
        super(reason);
        this.result = result;
    }

    JsonNode result() {
        return result;
    }
}
