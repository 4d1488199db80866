package io.virtshare.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/** DownloadOptions carries progress and cancellation the way UploadOptions does. */
class DownloadOptionsTest {
    @Test
    void defaults_reportNothing_andAreNeverCancelled() {
        DownloadOptions options = DownloadOptions.defaults();

        assertThat(options.progress()).isSameAs(ProgressListener.NONE);
        assertThat(options.cancellation().isCancelled()).isFalse();
    }

    @Test
    void with_replacesOneOption_andKeepsTheOther() {
        ProgressListener listener = p -> { };
        Cancellation cancellation = new Cancellation();

        DownloadOptions options = DownloadOptions.defaults().withProgress(listener).withCancellation(cancellation);

        assertThat(options.progress()).isSameAs(listener);
        assertThat(options.cancellation()).isSameAs(cancellation);
        assertThat(options.withProgress(ProgressListener.NONE).cancellation()).isSameAs(cancellation);
        assertThat(options.withCancellation(Cancellation.none()).progress()).isSameAs(listener);
    }

    @Test
    void nulls_areRefused_namingTheOption() {
        assertThatThrownBy(() -> DownloadOptions.defaults().withProgress(null))
                .isInstanceOf(NullPointerException.class).hasMessage("progress");
        assertThatThrownBy(() -> DownloadOptions.defaults().withCancellation(null))
                .isInstanceOf(NullPointerException.class).hasMessage("cancellation");
    }
}
