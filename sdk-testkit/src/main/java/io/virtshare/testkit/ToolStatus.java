package io.virtshare.testkit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether one {@link HostTool} is present and usable on this host, and why not.
 *
 * <pre>{@code
 * ToolStatus qemu = HostTools.detect().status(HostTool.QEMU);
 * System.out.println(qemu.available() + " " + qemu.path().orElse(null) + " " + qemu.detail());
 * }</pre>
 *
 * @param tool the tool
 * @param available whether it is present and usable
 * @param path where it is, when it is a file
 * @param version the version it reports, when known
 * @param detail what was found, or why it is missing and what to install
 */
public record ToolStatus(HostTool tool, boolean available, Optional<Path> path, Optional<String> version,
        String detail) {

    public ToolStatus {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(detail, "detail");
    }

    /** A tool that is present. */
    public static ToolStatus found(HostTool tool, Path path, String version, String detail) {
        return new ToolStatus(tool, true, Optional.ofNullable(path), Optional.ofNullable(version), detail);
    }

    /** A tool that is missing or unusable; {@code reason} says why, the package hint is appended. */
    public static ToolStatus missing(HostTool tool, String reason) {
        return new ToolStatus(tool, false, Optional.empty(), Optional.empty(),
                reason + " (provided by: " + tool.provider() + ")");
    }
}
