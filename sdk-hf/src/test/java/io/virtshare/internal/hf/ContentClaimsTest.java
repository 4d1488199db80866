package io.virtshare.internal.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.internal.catalog.Owner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims on file contents: one holder at a time, taken over once their holder is gone or silent. */
class ContentClaimsTest {
    private static final String KEY = "ab".repeat(32) + "-100";

    @TempDir
    Path resume;

    private ContentClaims open(Duration lease) throws IOException {
        return ContentClaims.open(Optional.of(resume), lease);
    }

    private Path claimFile() {
        return resume.resolve("hf-claims").resolve(KEY + ".claim");
    }

    private void plantClaim(Owner owner, long ageMillis) throws IOException {
        Files.createDirectories(claimFile().getParent());
        Files.writeString(claimFile(), owner.encode() + "\nsomeone.import\n");
        Files.setLastModifiedTime(claimFile(), FileTime.fromMillis(System.currentTimeMillis() - ageMillis));
    }

    @Test
    void claim_isHeldByOneImportAtATime_andFreeAgainWhenReleased() throws IOException {
        try (ContentClaims a = open(Duration.ofSeconds(60)); ContentClaims b = open(Duration.ofSeconds(60))) {
            assertThat(a.tryClaim(KEY)).isTrue();
            assertThat(b.tryClaim(KEY)).isFalse();
            assertThat(a.tryClaim(KEY)).as("a second path with the same content waits too").isFalse();
            a.release(KEY);
            assertThat(b.tryClaim(KEY)).isTrue();
        }
    }

    @Test
    void claimOfAnotherHost_isHonouredWithinItsLease_andTakenOverAfter() throws IOException {
        plantClaim(new Owner("another-host.example", 4242, 1), 0);
        try (ContentClaims c = open(Duration.ofSeconds(2))) {
            assertThat(c.tryClaim(KEY)).isFalse();
            Files.setLastModifiedTime(claimFile(), FileTime.fromMillis(System.currentTimeMillis() - 2_500));
            assertThat(c.tryClaim(KEY)).isTrue();
            assertThat(Files.readString(claimFile())).startsWith(Owner.current().encode());
        }
    }

    @Test
    void claimOfAKilledProcessOfThisHost_isTakenOverAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        plantClaim(new Owner(Owner.current().host(), gone.pid(), 0), 0);
        try (ContentClaims c = open(Duration.ofSeconds(60))) {
            assertThat(c.tryClaim(KEY)).isTrue();
        }
    }

    @Test
    void heldClaim_isKeptAliveByItsHeartbeat() throws Exception {
        try (ContentClaims a = open(Duration.ofSeconds(1)); ContentClaims b = open(Duration.ofSeconds(1))) {
            assertThat(a.tryClaim(KEY)).isTrue();
            Files.setLastModifiedTime(claimFile(), FileTime.fromMillis(System.currentTimeMillis() - 900));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.currentTimeMillis() - Files.getLastModifiedTime(claimFile()).toMillis() > 500
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(b.tryClaim(KEY)).isFalse();
        }
    }

    @Test
    void claimsDirectoryLinkedElsewhere_isRefused_andItsTargetLeftAlone() throws IOException {
        Path elsewhere = Files.createDirectories(resume.resolve("elsewhere"));
        Files.createSymbolicLink(resume.resolve("hf-claims"), elsewhere);

        assertThatThrownBy(() -> open(Duration.ofSeconds(60))).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("is a symbolic link").hasMessageContaining("nothing there was touched");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void lastImportOut_removesThePublishedFiles_whileAnotherRunningImportKeepsThem() throws IOException {
        Path verified = Files.writeString(resume.resolve("file"), "x".repeat(100));
        ContentClaims a = open(Duration.ofSeconds(60));
        ContentClaims b = open(Duration.ofSeconds(60));
        a.tryClaim(KEY);
        a.publish(KEY, verified);
        a.release(KEY);

        a.close();
        assertThat(b.published(KEY)).isPresent();
        b.close();

        assertThat(resume.resolve("hf-claims")).doesNotExist();
        assertThat(verified).hasContent("x".repeat(100));
    }
}
