package io.virtshare.internal.share;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.share.virtiofsd.VirtiofsdFailure;
import io.virtshare.share.virtiofsd.VirtiofsdState;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Log lines as the C daemon (Debian 12, checked by running it) and the Rust daemon print them. */
class FailureSignaturesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Cannot lock pid file: Resource temporarily unavailable|SOCKET_IN_USE",
        "vhost socket bind: Address already in use|SOCKET_IN_USE",
        "vhost socket bind: No such file or directory|SOCKET_DIRECTORY_MISSING",
        "failed to stat source (\"/srv/socket-dir/gone\"): No such file or directory|SOURCE_UNUSABLE",
        "source is not a directory|SOURCE_UNUSABLE",
        "[ERROR virtiofsd] shared directory /srv/x does not exist|SOURCE_UNUSABLE",
        "fuse: unknown option(s): `-o cache=metadata'|OPTION_REJECTED",
        "error: unexpected argument '-o' found|OPTION_REJECTED",
        "[ERROR virtiofsd] Waiting for daemon failed: HandleRequest(InvalidParam)|SHARED_MEMORY_MISSING",
        "vu_panic: region mmap error: Invalid argument|SHARED_MEMORY_MISSING",
        "lo_lookup: open failed: Too many open files|TOO_MANY_OPEN_FILES",
        "vhost socket bind: Permission denied|PERMISSION_DENIED",
        "unshare(CLONE_NEWPID): Operation not permitted|PERMISSION_DENIED"})
    void recognise_knownSignatures(String line, VirtiofsdFailure expected) {
        assertThat(FailureSignatures.recognise("virtio_session_mount: Waiting for vhost-user socket connection...\n"
                + line)).hasValue(expected);
    }

    @Test
    void recognise_ordinaryLog_findsNothing() {
        assertThat(FailureSignatures.recognise("virtio_session_mount: Waiting for vhost-user socket connection...\n"
                + "virtio_session_mount: Received vhost-user socket connection\nvirtio_loop: Exit")).isEmpty();
    }

    @Test
    void classify_exitZeroAfterReady_isTheVmDisconnecting() {
        assertThat(FailureSignatures.classify(0, true, false, List.of("virtio_loop: Exit")))
                .isEqualTo(new VirtiofsdState.Exited(0, false));
    }

    @Test
    void classify_anyExitAfterStop_isStoppedByOwner() {
        assertThat(FailureSignatures.classify(1, true, true, List.of("vhost socket accept: Interrupted system call")))
                .isEqualTo(new VirtiofsdState.Exited(1, true));
    }

    @Test
    void classify_exitBeforeReady_isAFailureWithTheLogLines() {
        List<String> lines = List.of("fuse: unknown option(s): `-o bogus'");

        VirtiofsdState state = FailureSignatures.classify(1, false, false, lines);

        assertThat(state).isEqualTo(new VirtiofsdState.Failed(VirtiofsdFailure.OPTION_REJECTED,
                "virtiofsd exited with 1 before it was ready", OptionalInt.of(1), lines));
        assertThat(((VirtiofsdState.Failed) state).describe()).contains("rejected an option", "  fuse: unknown");
    }

    @Test
    void classify_exitZeroBeforeReady_isAFailure_andSignalsAreNamed() {
        assertThat(FailureSignatures.classify(0, false, false, List.of()))
                .isInstanceOfSatisfying(VirtiofsdState.Failed.class,
                        f -> assertThat(f.failure()).isEqualTo(VirtiofsdFailure.UNEXPECTED_EXIT));
        assertThat(FailureSignatures.classify(137, true, false, List.of()))
                .isInstanceOfSatisfying(VirtiofsdState.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo("virtiofsd exited with 137 (signal 9) after it was ready"));
    }
}
