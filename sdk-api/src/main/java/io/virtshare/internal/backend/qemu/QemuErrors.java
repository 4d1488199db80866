package io.virtshare.internal.backend.qemu;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import java.nio.file.Path;

/** The {@link BackendException}s of the {@code qemu} backend: its name and target filled in. */
final class QemuErrors {
    private QemuErrors() {
    }

    /** The target a backend on {@code home} reports: {@code qemu+direct://<home>}. */
    static String target(Path home) {
        return "qemu+direct://" + home;
    }

    static BackendException error(Path home, String operation, String subject, BackendFailure failure,
            String message) {
        return error(home, operation, subject, failure, message, null);
    }

    static BackendException error(Path home, String operation, String subject, BackendFailure failure,
            String message, Throwable cause) {
        return new BackendException(QemuBackendProvider.NAME, target(home), operation, subject, failure, message,
                cause);
    }

    static BackendException unavailable(Path home, String reason) {
        return error(home, "open backend", null, BackendFailure.UNAVAILABLE, "the qemu backend cannot run here: "
                + reason);
    }
}
