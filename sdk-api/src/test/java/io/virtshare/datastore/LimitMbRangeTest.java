package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.GuestDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MB and MiB counts turned into bytes never overflow: the largest meaningful one works, larger ones are refused. */
class LimitMbRangeTest {
    private static final String TOO_LARGE = "is larger than any file system (at most 8796093022207 MB, 8 EiB)";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "LIMIT_MB {0}")
    @ValueSource(longs = {DatastoreSpec.MAX_LIMIT_MB + 1, 17_592_186_044_416L, Long.MAX_VALUE})
    void limitMb_whenBytesWouldOverflow_isRefusedNamingTheLargestLimit(long limitMb) {
        assertThatThrownBy(() -> DatastoreSpec.sharedFs("ds").limitMb(limitMb).build())
                .isInstanceOf(DatastoreException.class).hasMessage("LIMIT_MB " + limitMb + " " + TOO_LARGE
                        + "; give the most MB the datastore may hold, or 0 for no limit");
    }

    @ParameterizedTest(name = "LIMIT_MB = \"{0}\"")
    @ValueSource(strings = {"9223372036854775807", "17592186044416", "99999999999999999999"})
    void templateLimitMb_whenBytesWouldOverflow_isRefused(String limit) {
        Template template = DatastoreSpec.sharedFs("ds").build().toTemplate(tmp).with("LIMIT_MB", limit);

        assertThatThrownBy(() -> DatastoreSpec.fromTemplate(template)).isInstanceOf(DatastoreException.class)
                .hasMessageStartingWith("LIMIT_MB " + limit + " " + TOO_LARGE);
        assertThatThrownBy(() -> DatastoreSpec.fromTemplate(template.with("LIMIT_MB", "12ab")))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("is not a number of MB");
    }

    @Test
    void import_underTheLargestLimit_fits() throws IOException {
        Path safe = Files.createDirectories(tmp.resolve("safe"));
        Path src = Files.createDirectories(safe.resolve("model"));
        Files.write(src.resolve("weights.bin"), new byte[3 << 20]);
        Datastore ds = Datastore.create(tmp.resolve("ds"), DatastoreSpec.sharedFs("models")
                .safeDirs(safe.toString()).limitMb(DatastoreSpec.MAX_LIMIT_MB));

        Image image = ds.images().register(src.toString());

        assertThat(image.sizeMb()).isEqualTo(3);
        assertThat(ds.spec().limitMb()).isEqualTo(DatastoreSpec.MAX_LIMIT_MB);
        assertThat(DatastoreSpec.fromTemplate(ds.spec().toTemplate(ds.basePath())).limitMb()).isEqualTo(DatastoreSpec.MAX_LIMIT_MB);
    }

    @Test
    void sizeMb_ofTheLargestByteCounts_roundsUpWithoutOverflow() {
        assertThat(new ImageUsage(Long.MAX_VALUE, 0, 1).sizeMb()).isEqualTo(DatastoreSpec.MAX_LIMIT_MB + 1);
        assertThat(new ImageUsage((1L << 20) + 1, 0, 1).sizeMb()).isEqualTo(2);
        assertThat(new ImageUsage(1L << 20, 0, 1).sizeMb()).isEqualTo(1);
        assertThat(new ImageUsage(0, 0, 0).sizeMb()).isZero();
    }

    @Test
    void shareVolume_whenMibWouldOverflowBytes_isRefused() {
        assertThatThrownBy(() -> GuestDisk.of(Path.of("data.img"), Path.of("/data"), (Long.MAX_VALUE >> 20) + 1)
                .build()).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("is larger than any file can be (at most 8796093022207 MiB, 8 EiB)");
        assertThat(GuestDisk.of(Path.of("data.img"), Path.of("/data"), Long.MAX_VALUE >> 20).build().sizeMib())
                .isEqualTo(Long.MAX_VALUE >> 20);
    }
}
