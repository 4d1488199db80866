package io.virtshare.share.virtiofsd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A virtiofsd executable on this host and what it is: which {@link VirtiofsdFlavour
 * flavour}, which version, which capabilities it announces.
 *
 * <p>The flavour is detected as libvirt does: {@code --print-capabilities} first (the
 * Rust daemon announces {@code separate-options}), then {@code --version}. Detection
 * runs the binary with a time limit and never starts a daemon.
 *
 * <pre>{@code
 * VirtiofsdBinary daemon = VirtiofsdBinary.find()
 *         .orElseThrow(() -> new IllegalStateException("install qemu-system-common"));
 * System.out.println(daemon.path() + " " + daemon.flavour() + " " + daemon.version());
 * }</pre>
 *
 * @param path the executable
 * @param flavour which implementation it is
 * @param version the version it reports, e.g. {@code 7.2.22} or {@code 1.10.1}
 * @param features the capability features from {@code --print-capabilities}
 */
public record VirtiofsdBinary(Path path, VirtiofsdFlavour flavour, String version, Set<String> features) {

    /** Where distributions install virtiofsd when it is not on {@code PATH}. */
    public static final List<Path> WELL_KNOWN_LOCATIONS = List.of(
            Path.of("/usr/lib/qemu/virtiofsd"),
            Path.of("/usr/libexec/virtiofsd"),
            Path.of("/usr/lib/virtiofsd"));

    /** Where QEMU's vhost-user descriptors (JSON, {@code "type": "fs"}) point at daemons. */
    public static final List<Path> DESCRIPTOR_DIRECTORIES = List.of(
            Path.of("/etc/qemu/vhost-user"),
            Path.of("/usr/share/qemu/vhost-user"));

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern C_VERSION = Pattern.compile("virtiofsd version (\\S+)");
    private static final Pattern RUST_VERSION = Pattern.compile("virtiofsd (?:v)?(\\d+\\.\\d+\\S*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    public VirtiofsdBinary {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(flavour, "flavour");
        Objects.requireNonNull(version, "version");
        features = Set.copyOf(features);
    }

    /**
     * Identifies the virtiofsd at {@code binary}.
     *
     * @param binary path of a virtiofsd executable
     * @return what it is
     * @throws VirtiofsdException when the file is missing, not executable, or does not
     *     behave like virtiofsd
     */
    public static VirtiofsdBinary detect(Path binary) {
        Objects.requireNonNull(binary, "binary");
        if (!Files.isRegularFile(binary)) {
            throw new VirtiofsdException(binary, "virtiofsd not found at " + binary
                    + "; install it (Debian 12: package qemu-system-common, /usr/lib/qemu/virtiofsd;"
                    + " newer systems: package virtiofsd) or give the path of an existing one");
        }
        if (!Files.isExecutable(binary)) {
            throw new VirtiofsdException(binary, binary + " is not executable; chmod +x it or give another virtiofsd");
        }
        CommandResult caps = CommandRunner.run(PROBE_TIMEOUT, List.of(binary.toString(), "--print-capabilities"));
        Set<String> features = caps.succeeded() ? parseFeatures(binary, caps.stdout()) : Set.of();
        CommandResult versionRun = CommandRunner.run(PROBE_TIMEOUT, List.of(binary.toString(), "--version"));
        String versionText = versionRun.output();
        if (!caps.succeeded() && !versionRun.succeeded()) {
            throw new VirtiofsdException(binary, binary + " does not answer like virtiofsd ("
                    + caps.describe() + "); give the path of a virtiofsd binary");
        }
        Matcher c = C_VERSION.matcher(versionText);
        Matcher rust = RUST_VERSION.matcher(versionText);
        VirtiofsdFlavour flavour;
        String version;
        if (features.contains("separate-options")) {
            flavour = VirtiofsdFlavour.RUST;
            version = rust.find() ? rust.group(1) : "unknown";
        } else if (c.find()) {
            flavour = VirtiofsdFlavour.C;
            version = c.group(1);
        } else if (rust.find()) {
            flavour = VirtiofsdFlavour.RUST;
            version = rust.group(1);
        } else {
            throw new VirtiofsdException(binary, "cannot tell which virtiofsd " + binary + " is: --version printed '"
                    + versionText.lines().findFirst().orElse("") + "'; give the path of QEMU's C virtiofsd"
                    + " or the Rust virtiofsd");
        }
        return new VirtiofsdBinary(binary, flavour, version, features);
    }

    /**
     * Finds virtiofsd on this host: {@code PATH}, then the well-known locations, then
     * QEMU's vhost-user descriptors. The first candidate that identifies as virtiofsd
     * wins.
     *
     * @return the daemon, or empty when this host has none
     */
    public static Optional<VirtiofsdBinary> find() {
        String path = System.getenv("PATH");
        List<Path> pathDirs = new ArrayList<>();
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    pathDirs.add(Path.of(dir));
                }
            }
        }
        return find(candidates(pathDirs, WELL_KNOWN_LOCATIONS, DESCRIPTOR_DIRECTORIES));
    }

    static Optional<VirtiofsdBinary> find(List<Path> candidates) {
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                try {
                    return Optional.of(detect(candidate));
                } catch (VirtiofsdException e) {
                    // not a usable virtiofsd: try the next candidate
                }
            }
        }
        return Optional.empty();
    }

    /** The candidate paths in search order, without duplicates. */
    static List<Path> candidates(List<Path> pathDirs, List<Path> wellKnown, List<Path> descriptorDirs) {
        Set<Path> result = new LinkedHashSet<>();
        for (Path dir : pathDirs) {
            result.add(dir.resolve("virtiofsd"));
        }
        result.addAll(wellKnown);
        for (Path dir : descriptorDirs) {
            result.addAll(descriptorBinaries(dir));
        }
        return List.copyOf(result);
    }

    /** The binaries named by {@code "type": "fs"} vhost-user descriptors in {@code dir}, in file name order. */
    static List<Path> descriptorBinaries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Set<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            return List.of();
        }
        List<Path> binaries = new ArrayList<>();
        for (Path file : files) {
            try {
                if (Files.size(file) > 64 * 1024) {
                    continue;
                }
                JsonNode node = JSON.readTree(Files.readString(file));
                if ("fs".equals(node.path("type").asText()) && node.path("binary").isTextual()) {
                    binaries.add(Path.of(node.path("binary").asText()));
                }
            } catch (IOException | RuntimeException e) {
                // a broken descriptor is skipped, as QEMU and libvirt do
            }
        }
        return binaries;
    }

    private static Set<String> parseFeatures(Path binary, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!"fs".equals(node.path("type").asText())) {
                throw new VirtiofsdException(binary, binary + " announces type '" + node.path("type").asText()
                        + "' instead of 'fs'; it is not virtiofsd");
            }
            Set<String> features = new TreeSet<>();
            node.path("features").forEach(f -> features.add(f.asText()));
            return features;
        } catch (JsonProcessingException e) {
            return Set.of();
        }
    }

    /** Whether this daemon takes the Rust daemon's long options. */
    public boolean takesLongOptions() {
        return flavour == VirtiofsdFlavour.RUST;
    }
}
