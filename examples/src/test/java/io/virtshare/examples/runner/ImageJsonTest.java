package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageJsonTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ProgressListener listener = ImageJson.progress(new Console(new PrintStream(err, true,
            StandardCharsets.UTF_8)));

    private List<String> lines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void progress_showsTheTotalOnly_withFilesAndTimeLeft() {
        long mib = 1 << 20;
        listener.progress(new Progress("download-file", "config.json", 0, 0, 0, 2, -1));
        listener.progress(new Progress("download", "config.json", 0, 8 * mib, 0, 2, -1));
        listener.progress(new Progress("download-file", "model.safetensors", 2 * mib, 8 * mib, 1, 2, 3));
        listener.progress(new Progress("download", "model.safetensors", 2 * mib, 8 * mib, 1, 2, 3));
        listener.progress(new Progress("download", "model.safetensors", 2 * mib + 1, 8 * mib, 1, 2, 3));
        listener.progress(new Progress("download", "model.safetensors", 8 * mib, 8 * mib, 2, 2, 0));

        assertThat(lines()).containsExactly(
                "download: 0 MiB of 8 MiB, 0 of 2 files",
                "download: 2 MiB of 8 MiB, 1 of 2 files, about 3 s left",
                "download: 8 MiB of 8 MiB, 2 of 2 files");
    }

    @Test
    void progress_withoutTotals_countsWhatIsDone() {
        listener.progress(new Progress("extract", "a", 0, -1, 1, -1));
        listener.progress(new Progress("extract", "b", 70L << 20, -1, 9, -1));

        assertThat(lines()).containsExactly("extract: 0 MiB, 1 files", "extract: 70 MiB, 9 files");
    }
}
