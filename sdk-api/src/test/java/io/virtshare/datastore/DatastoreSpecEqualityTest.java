package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link DatastoreSpec}'s written-out equality: every component counts, as in a record's own. */
class DatastoreSpecEqualityTest {
    private static DatastoreSpec spec(UnaryOperator<DatastoreSpec> change) {
        DatastoreSpec base = new DatastoreSpec("models", DatastoreKind.SHARED_FS, "dummy", List.of(Path.of("/data")),
                List.of(Path.of("/"), Path.of("/etc")), 100, false, Map.of("BRIDGE_LIST", "host1"));
        return change.apply(base);
    }

    @Test
    void sameComponents_equal_withTheSameHash() {
        DatastoreSpec one = spec(s -> s);
        DatastoreSpec other = spec(s -> new DatastoreSpec(s.name(), s.kind(), s.tmMad(), List.copyOf(s.safeDirs()),
                List.copyOf(s.restrictedDirs()), s.limitMb(), s.noDecompress(), Map.copyOf(s.extra())));

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
        assertThat(one).isNotEqualTo(null).isNotEqualTo("models");
    }

    @Test
    void anyComponentDifferent_notEqual() {
        DatastoreSpec base = spec(s -> s);
        List<DatastoreSpec> changed = List.of(
                spec(s -> new DatastoreSpec("other", s.kind(), s.tmMad(), s.safeDirs(), s.restrictedDirs(), s.limitMb(),
                        s.noDecompress(), s.extra())),
                spec(s -> new DatastoreSpec(s.name(), DatastoreKind.VIRTIO_FS, s.tmMad(), s.safeDirs(), s.restrictedDirs(),
                        s.limitMb(), s.noDecompress(), s.extra())),
                spec(s -> new DatastoreSpec(s.name(), s.kind(), "local", s.safeDirs(), s.restrictedDirs(), s.limitMb(),
                        s.noDecompress(), s.extra())),
                spec(s -> new DatastoreSpec(s.name(), s.kind(), s.tmMad(), List.of(Path.of("/srv")), s.restrictedDirs(),
                        s.limitMb(), s.noDecompress(), s.extra())),
                spec(s -> new DatastoreSpec(s.name(), s.kind(), s.tmMad(), s.safeDirs(), List.of(Path.of("/")),
                        s.limitMb(), s.noDecompress(), s.extra())),
                spec(s -> new DatastoreSpec(s.name(), s.kind(), s.tmMad(), s.safeDirs(), s.restrictedDirs(), 101,
                        s.noDecompress(), s.extra())),
                spec(s -> new DatastoreSpec(s.name(), s.kind(), s.tmMad(), s.safeDirs(), s.restrictedDirs(), s.limitMb(),
                        true, s.extra())),
                spec(s -> new DatastoreSpec(s.name(), s.kind(), s.tmMad(), s.safeDirs(), s.restrictedDirs(), s.limitMb(),
                        s.noDecompress(), Map.of("BRIDGE_LIST", "host2"))));

        assertThat(changed).as("one variant per component").hasSize(DatastoreSpec.class.getRecordComponents().length);
        for (DatastoreSpec variant : changed) {
            assertThat(variant).as(variant.toString()).isNotEqualTo(base);
            assertThat(base).as(variant.toString()).isNotEqualTo(variant);
        }
    }
}
