package io.virtshare.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A clone in progress is the same clone when its owner and token are: what removing it from its image relies on. */
class ImageRecordClonerTest {
    private static final Owner HERE = new Owner("host-a", 42, 1000);

    @Test
    void theSameOwnerAndToken_areEqualAndHashAlike() {
        ImageRecord.Cloner a = new ImageRecord.Cloner(HERE, "tok");
        ImageRecord.Cloner b = new ImageRecord.Cloner(new Owner("host-a", 42, 1000), "tok");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        List<ImageRecord.Cloner> cloners = new ArrayList<>(List.of(new ImageRecord.Cloner(HERE, "other"), b));
        assertThat(cloners.remove(a)).isTrue();
        assertThat(cloners).containsExactly(new ImageRecord.Cloner(HERE, "other"));
    }

    @Test
    void anotherToken_host_pid_start_orAMissingOwner_isAnotherClone() {
        ImageRecord.Cloner a = new ImageRecord.Cloner(HERE, "tok");

        assertThat(a).isNotEqualTo(new ImageRecord.Cloner(HERE, "tok2"))
                .isNotEqualTo(new ImageRecord.Cloner(new Owner("host-b", 42, 1000), "tok"))
                .isNotEqualTo(new ImageRecord.Cloner(new Owner("host-a", 43, 1000), "tok"))
                .isNotEqualTo(new ImageRecord.Cloner(new Owner("host-a", 42, 1001), "tok"))
                .isNotEqualTo(new ImageRecord.Cloner(null, "tok"))
                .isNotEqualTo("tok");
        assertThat(new ImageRecord.Cloner(null, "tok")).isEqualTo(new ImageRecord.Cloner(null, "tok"));
    }
}
