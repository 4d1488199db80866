package io.virtshare.benchmarks;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The official JavaScript client, {@code @huggingface/hub}, installed with npm into a cache
 * directory on first use, and a small script that runs its {@code snapshotDownload} and
 * prints the snapshot folder.
 */
final class JsHubClient {
    private static final String SCRIPT = """
            import { snapshotDownload } from "@huggingface/hub";
            const [hubUrl, repo, cacheDir] = process.argv.slice(2);
            const print = console.log;
            // the client logs a line per file: 10,000 of them would overflow the captured output
            console.log = console.info = console.debug = () => {};
            print(await snapshotDownload({ repo, hubUrl, cacheDir }));
            """;

    private JsHubClient() {
    }

    /** Where it is installed: {@code ~/.cache/virtshare/benchmarks/huggingface-hub}. */
    static Path directory() {
        return Path.of(System.getProperty("user.home"), ".cache", "virtshare", "benchmarks", "huggingface-hub");
    }

    /**
     * Installs the client (unless present) and writes the script; returns the script.
     *
     * @throws IOException saying why when npm is missing or the install fails (the measurement is skipped)
     */
    static Path install() throws IOException {
        Path dir = Files.createDirectories(directory());
        if (!Files.isDirectory(dir.resolve("node_modules/@huggingface/hub"))) {
            CommandResult which = CommandRunner.run(Duration.ofSeconds(10), List.of("sh", "-c", "command -v npm"));
            if (!which.succeeded()) {
                throw new IOException("npm is not installed (Debian: apt-get install npm), so @huggingface/hub cannot"
                        + " be installed");
            }
            CommandResult npm = CommandRunner.run(Duration.ofMinutes(5), List.of("npm", "install", "--prefix",
                    dir.toString(), "--no-audit", "--no-fund", "--loglevel", "error", "@huggingface/hub"));
            if (!npm.succeeded()) {
                throw new IOException("npm install @huggingface/hub failed: " + npm.describe());
            }
        }
        return Files.writeString(dir.resolve("snapshot.mjs"), SCRIPT);
    }

    /** The snapshot folder the script printed last (the client logs its downloads on stdout too). */
    static Path snapshotFolder(String stdout) throws IOException {
        List<String> lines = stdout.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new IOException("snapshotDownload printed no snapshot folder");
        }
        return Path.of(lines.get(lines.size() - 1));
    }

    /** The command downloading {@code repo} from {@code hubUrl} into the cache {@code cacheDir}. */
    static List<String> command(Path script, String hubUrl, String repo, Path cacheDir) {
        return List.of("node", script.toString(), hubUrl, repo, cacheDir.toString());
    }
}
