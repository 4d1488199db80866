package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShareException;
import io.virtshare.internal.archive.ExtractionLimits;
import io.virtshare.internal.archive.SafeExtractor;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-ASCII names under {@code LC_ALL=C}, where the JVM's file name encoding is ASCII: a
 * directory import and an archive import refuse them with a line that says to use a
 * UTF-8 locale, instead of failing somewhere inside.
 */
class AsciiLocaleTest {
    @TempDir
    Path tmp;

    /** Runs in a JVM started with {@code LC_ALL=C}: copies or extracts, prints the outcome. */
    public static void main(String[] args) {
        try {
            if (args[0].equals("copy")) {
                TreeCopier.copy(Path.of(args[1]), Path.of(args[2]), Long.MAX_VALUE, "limit", ProgressListener.NONE,
                        Cancellation.none());
            } else {
                SafeExtractor.extract(Path.of(args[1]), Path.of(args[2]), ExtractionLimits.of(1 << 20, 10, "limit"),
                        ProgressListener.NONE, Cancellation.none());
            }
            System.out.println("copied; exists=" + Files.exists(Path.of(args[2])));
        } catch (VirtShareException e) {
            System.out.println("refused: " + e.getMessage() + "; exists=" + Files.exists(Path.of(args[2])));
        }
    }

    private String runUnderC(String mode, Path source) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AsciiLocaleTest.class.getName(), mode,
                source.toString(), tmp.resolve("out").toString()).redirectErrorStream(true);
        builder.environment().remove("LANG");
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // newer JDKs warn about JNA's native access on stderr: not the outcome
        return output.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.startsWith("WARNING: ") && !line.isBlank())
                .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
    }

    @Test
    void directoryImport_ofANonAsciiName_saysToUseAUtf8Locale() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("caf\u00e9.txt"), "x");

        String outcome = runUnderC("copy", src);

        assertThat(outcome).startsWith("refused: ").contains("'caf").contains("encoding is US-ASCII")
                .contains("run Java under a UTF-8 locale").endsWith("exists=false\n");
    }

    @Test
    void archiveImport_ofANonAsciiName_saysToUseAUtf8Locale() throws Exception {
        Path archive = tmp.resolve("a.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive), "UTF-8")) {
            for (String name : List.of("plain", "caf\u00e9.txt")) {
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(1);
                tar.putArchiveEntry(entry);
                tar.write('x');
                tar.closeArchiveEntry();
            }
        }

        String outcome = runUnderC("extract", archive);

        assertThat(outcome).startsWith("refused: ").contains("entry 'caf").contains("run Java under a UTF-8 locale")
                .endsWith("exists=false\n");
    }
}
