package io.virtshare.share.virtiofsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    @Test
    void backoff_doublesUpToTheCap() {
        RestartPolicy p = RestartPolicy.onFailure(10).withBackoff(Duration.ofMillis(100), Duration.ofMillis(500));

        assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.backoff(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.backoff(60)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void factories_sayWhenToRestart() {
        assertThat(RestartPolicy.never().maxRestarts()).isZero();
        assertThat(RestartPolicy.onFailure(3).afterNormalExit()).isFalse();
        assertThat(RestartPolicy.always(3).afterNormalExit()).isTrue();
    }

    @Test
    void nonsense_isRefused() {
        assertThatThrownBy(() -> RestartPolicy.onFailure(-1))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("maxRestarts");
        assertThatThrownBy(() -> RestartPolicy.onFailure(1).withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("maxBackoff at least initialBackoff");
    }
}
