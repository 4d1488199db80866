package io.virtshare.internal.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.datastore.PathNotAllowedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathPolicyTest {
    @TempDir
    Path root;

    private Path safe;
    private Path evil;
    private PathPolicy policy;

    @BeforeEach
    void tree() throws IOException {
        safe = Files.createDirectories(root.resolve("var/tmp"));
        evil = Files.createDirectories(root.resolve("var/tmpevil"));
        Files.createDirectories(root.resolve("etc"));
        policy = new PathPolicy(List.of(safe), List.of(Path.of("/")));
    }

    @Test
    void insideSafeDir_isAllowedAndTheRealPathReturned() throws IOException {
        Path model = Files.createDirectories(safe.resolve("models/llama"));

        assertThat(policy.check(model)).isEqualTo(model.toRealPath());
    }

    @Test
    void siblingWithSamePrefix_isNotCovered() {
        assertThatThrownBy(() -> policy.check(evil))
                .isInstanceOf(PathNotAllowedException.class)
                .hasMessageContaining("RESTRICTED_DIRS entry /")
                .hasMessageContaining("SAFE_DIRS");
    }

    @Test
    void symlinkFromSafeDirToRestrictedPlace_isJudgedByItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(safe.resolve("etc-link"), root.resolve("etc"));

        assertThatThrownBy(() -> policy.check(link))
                .isInstanceOf(PathNotAllowedException.class)
                .hasMessageContaining("really " + root.resolve("etc").toRealPath());
    }

    @Test
    void dotDotOutOfSafeDir_isJudgedOnTheRealPath() {
        assertThatThrownBy(() -> policy.check(safe.resolve("../../etc")))
                .isInstanceOf(PathNotAllowedException.class);
    }

    @Test
    void missingPath_failsClosed() {
        assertThatThrownBy(() -> policy.check(safe.resolve("nope")))
                .isInstanceOf(PathNotAllowedException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void safeWinsOverRestricted() throws IOException {
        PathPolicy both = new PathPolicy(List.of(safe), List.of(safe, Path.of("/")));

        assertThat(both.check(safe)).isEqualTo(safe.toRealPath());
    }

    @Test
    void outsideEveryRestrictedDir_isAllowed() throws IOException {
        PathPolicy onlyEtc = new PathPolicy(List.of(), List.of(root.resolve("etc")));

        assertThat(onlyEtc.check(evil)).isEqualTo(evil.toRealPath());
        assertThatThrownBy(() -> onlyEtc.check(root.resolve("etc"))).isInstanceOf(PathNotAllowedException.class);
    }

    @Test
    void parse_readsTemplateLists() {
        PathPolicy parsed = PathPolicy.parse("/var/tmp /data", "/,/boot, /etc");

        assertThat(parsed.safeDirs()).containsExactly(Path.of("/var/tmp"), Path.of("/data"));
        assertThat(parsed.restrictedDirs()).containsExactly(Path.of("/"), Path.of("/boot"), Path.of("/etc"));
        assertThatThrownBy(() -> PathPolicy.parse("relative", "/")).hasMessageContaining("absolute");
    }
}
