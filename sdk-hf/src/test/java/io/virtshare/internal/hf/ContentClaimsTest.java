package io.virtshare.internal.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.internal.catalog.Owner;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims on file contents: one holder at a time, taken over once their holder is gone or silent;
 * an import alone keeps them in memory until another arrives.
 */
class ContentClaimsTest {
    private static final String KEY = "ab".repeat(32) + "-100";

    @TempDir
    Path resume;

    private ContentClaims open(Duration lease) throws IOException {
        return ContentClaims.open(Optional.of(resume), lease, Cancellation.none());
    }

    private Path claimFile() {
        return resume.resolve("hf-claims").resolve(KEY + ".claim");
    }

    private Path pool() {
        return resume.resolve("hf-claims");
    }

    /** A claim of {@code owner}'s import, and that import's presence, last touched {@code ageMillis} ago. */
    private void plantClaim(Owner owner, long ageMillis) throws IOException {
        plant(claimFile(), owner, ageMillis);
        plant(pool().resolve("someone.import"), owner, ageMillis);
    }

    private static Path plant(Path file, Owner owner, long ageMillis) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, owner.encode() + "\nsomeone.import\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - ageMillis));
        return file;
    }

    private List<String> poolNames() throws IOException {
        try (Stream<Path> files = Files.list(pool())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
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
        try (ContentClaims bystander = open(Duration.ofSeconds(60)); ContentClaims c = open(Duration.ofSeconds(60))) {
            assertThat(c.solo()).as("not alone: it claims on disk").isFalse();
            assertThat(c.tryClaim(KEY)).isTrue();
            assertThat(Files.isSameFile(claimFile(), c.presence())).as("the claim is c's now").isTrue();
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
    void importAlone_claimsInMemory_andLinksNothingPerFile() throws IOException {
        Path file = Files.writeString(resume.resolve("file"), "x".repeat(100));
        try (ContentClaims a = open(Duration.ofSeconds(60))) {
            assertThat(a.solo()).isTrue();
            assertThat(a.tryClaim(KEY)).isTrue();
            assertThat(a.tryClaim(KEY)).as("a second path with the same content waits").isFalse();
            assertThat(a.published(KEY)).isEmpty();
            a.publish(KEY, file);
            a.release(KEY);
            assertThat(a.published(KEY)).as("the second path copies the verified file").contains(file);
            assertThat(poolNames()).singleElement().asString().endsWith(".solo");
        }
        assertThat(pool()).doesNotExist();
        assertThat(file).hasContent("x".repeat(100));
    }

    @Test
    void importArrivingAtASoloImport_waitsUntilItClaimsWhatItDownloads_andPublishesWhatItVerified()
            throws IOException {
        String downloading = "cd".repeat(32) + "-7";
        Path verified = Files.writeString(resume.resolve("file"), "x".repeat(100));
        try (ContentClaims a = open(Duration.ofSeconds(60))) {
            assertThat(a.tryClaim(downloading)).isTrue();
            assertThat(a.tryClaim(KEY)).isTrue();
            a.publish(KEY, verified);
            a.release(KEY);
            assertThat(poolNames()).hasSize(1);

            try (ContentClaims b = open(Duration.ofSeconds(60))) {
                assertThat(a.solo()).as("a saw b and claims on disk now").isFalse();
                assertThat(b.solo()).isFalse();
                assertThat(poolNames()).filteredOn(n -> n.endsWith(".solo")).isEmpty();
                assertThat(poolNames()).filteredOn(n -> n.endsWith(".import")).hasSize(2);
                assertThat(b.tryClaim(downloading)).as("a still downloads it").isFalse();
                assertThat(b.published(KEY)).as("a verified it").isPresent();
                assertThat(Files.isSameFile(b.published(KEY).orElseThrow(), verified)).isTrue();

                a.release(downloading);
                assertThat(b.tryClaim(downloading)).isTrue();
                assertThat(a.tryClaim(downloading)).isFalse();
            }
        }
        assertThat(pool()).doesNotExist();
    }

    @Test
    void importAloneClosing_publishesWhatItVerified_forAnImportThatArrivedSinceItLastLooked() throws IOException {
        Path verified = Files.writeString(resume.resolve("file"), "x".repeat(100));
        ContentClaims a = open(Duration.ofSeconds(60));
        a.tryClaim(KEY);
        a.publish(KEY, verified);
        a.release(KEY);
        Path newcomer = plant(pool().resolve("newcomer.import"), Owner.current(), 0);

        a.close();

        assertThat(poolNames()).containsExactlyInAnyOrder(KEY + ".verified", "newcomer.import");
        assertThat(Files.isSameFile(pool().resolve(KEY + ".verified"), verified)).isTrue();
        Files.delete(newcomer);
    }

    @Test
    void importAlone_claimsOnDiskFromItsMemoryBoundOn() throws IOException {
        String first = "01".repeat(32) + "-1";
        String downloading = "02".repeat(32) + "-2";
        String second = "03".repeat(32) + "-3";
        Path one = Files.writeString(resume.resolve("one"), "1");
        Path three = Files.writeString(resume.resolve("three"), "333");
        try (ContentClaims a = ContentClaims.open(Optional.of(resume), Duration.ofSeconds(60), Cancellation.none(),
                2)) {
            a.tryClaim(first);
            a.publish(first, one);
            a.release(first);
            a.tryClaim(downloading);
            assertThat(a.solo()).isTrue();

            a.tryClaim(second);
            a.publish(second, three);
            a.release(second);

            assertThat(a.solo()).as("two verified files in memory: the bound").isFalse();
            assertThat(poolNames()).filteredOn(n -> !n.endsWith(".import")).containsExactlyInAnyOrder(
                    first + ".verified", second + ".verified", downloading + ".claim");
            assertThat(a.published(first)).isPresent();
        }
    }

    @Test
    void soloPresenceOfAKilledProcess_isRemoved_andTheNextImportIsAlone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path left = plant(pool().resolve("killed.solo"), new Owner(Owner.current().host(), gone.pid(), 0), 0);
        try (ContentClaims c = open(Duration.ofSeconds(60))) {
            assertThat(c.solo()).isTrue();
            assertThat(left).doesNotExist();
        }
    }

    @Test
    void silentSoloPresence_isWaitedForUntilItsLeaseRunsOut() throws IOException {
        Path silent = plant(pool().resolve("silent.solo"), new Owner("another-host.example", 4242, 1), 0);
        long start = System.nanoTime();
        try (ContentClaims c = open(Duration.ofSeconds(1))) {
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(500);
            assertThat(silent).doesNotExist();
            assertThat(c.solo()).as("it found another import: it claims on disk").isFalse();
            assertThat(c.tryClaim(KEY)).isTrue();
            assertThat(claimFile()).exists();
        }
    }

    @Test
    void waitForASoloImport_stopsWhenCancelled_andLeavesNoPresence() throws IOException {
        Path silent = plant(pool().resolve("silent.solo"), new Owner("another-host.example", 4242, 1), 0);
        Cancellation cancel = new Cancellation();
        cancel.cancel();

        assertThatThrownBy(() -> ContentClaims.open(Optional.of(resume), Duration.ofSeconds(60), cancel))
                .isInstanceOf(OperationCancelledException.class);
        assertThat(poolNames()).containsExactly(silent.getFileName().toString());
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
