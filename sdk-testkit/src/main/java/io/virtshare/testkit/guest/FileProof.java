package io.virtshare.testkit.guest;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a tree {@link GuestDigest} proved: what the guest read and what the host holds.
 *
 * <pre>{@code
 * for (FileProof f : report.files()) {
 *     System.out.println(f.path() + (f.matches() ? " ok" : " differs: " + f.reason().orElse("")));
 * }
 * }</pre>
 *
 * @param path the file's path relative to the tree, {@code /}-separated (a name whose bytes are not
 *     UTF-8 is {@code hex:} and the hex of its bytes)
 * @param guest the size and SHA-256 the guest read; empty when it did not read the file
 * @param host the size and SHA-256 on the host; empty when the host has no such file
 * @param reason why the two differ, when they do
 */
public record FileProof(String path, Optional<FileDigest> guest, Optional<FileDigest> host, Optional<String> reason) {
    public FileProof {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Compares the two sides of one file.
     *
     * @param guestRead whether the guest reported the file at all (it may have failed to read it)
     */
    static FileProof compare(String path, boolean guestRead, Optional<FileDigest> guest, Optional<FileDigest> host) {
        String reason = null;
        if (host.isEmpty()) {
            reason = "the guest sees a file the host does not have";
        } else if (!guestRead) {
            reason = "the guest did not see this file";
        } else if (guest.isEmpty()) {
            reason = "the guest could not read this file";
        } else if (guest.get().size() != host.get().size()) {
            reason = "the guest read " + guest.get().size() + " bytes, the host has " + host.get().size();
        } else if (!guest.get().sha256().equals(host.get().sha256())) {
            reason = "the guest read other content (its SHA-256 differs)";
        }
        return new FileProof(path, guest, host, Optional.ofNullable(reason));
    }

    /** Whether the guest read exactly what the host holds. */
    public boolean matches() {
        return reason.isEmpty();
    }
}
