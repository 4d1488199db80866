package io.virtshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReflinkProbeTest {
    @TempDir
    Path dir;

    @Test
    void probe_leavesNothingBehindAndExplains() throws IOException {
        ReflinkProbe.Result result = ReflinkProbe.probe(dir);

        assertThat(result.directory()).isEqualTo(dir);
        assertThat(result.detail()).contains(dir.toString());
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void probe_whenNotADirectory_saysSo() {
        ReflinkProbe.Result result = ReflinkProbe.probe(dir.resolve("missing"));

        assertThat(result.supported()).isFalse();
        assertThat(result.detail()).contains("is not a directory");
    }
}
