package io.virtshare.internal.hf;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.hf.HfSource;
import io.virtshare.progress.Cancellation;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client's manners towards the Hub: concurrency that adapts to 429s, pacing by RateLimit headers. */
@ExtendWith(FakeHubExtension.class)
class HubClientTest {
    private static HubSettings settings(URI endpoint, Duration maxWait) {
        return new HubSettings(endpoint, Optional.empty(), 8, 3, Duration.ofMillis(10), Duration.ofMillis(100),
                Duration.ofSeconds(30), 1L << 30, 1L << 20, HubSettings.FIFTY_GB, maxWait);
    }

    private static byte[] get(HubClient client, FakeHub hub, String path) throws IOException {
        HfSource source = HfSource.parse("hf://acme/busy");
        URI uri = new RepoApi(client).resolve(source, "main", path);
        try (HubResponse r = client.open(uri, -1, -1, source, "main", path, Cancellation.none())) {
            return r.body().readAllBytes();
        }
    }

    @Test
    void concurrency_halvesOnEach429_andGrowsBackOnCleanAnswers(FakeHub hub) throws IOException {
        FakeRepo repo = FakeRepo.model("acme", "busy").generatedFiles("f-", 120, 16, 3).build();
        hub.add(repo);
        hub.faults().tooManyRequests(3, 0, "/resolve/");
        HubClient client = new HubClient(settings(hub.endpoint(), Duration.ofSeconds(5)));

        assertThat(get(client, hub, "f-00000.txt")).isEqualTo(repo.bytes("f-00000.txt"));
        int afterThrottle = client.concurrency(hub.endpoint());
        for (int i = 1; i < 120; i++) {
            get(client, hub, String.format("f-%05d.txt", i));
        }

        assertThat(afterThrottle).isEqualTo(1);   // 8 → 4 → 2 → 1
        assertThat(client.concurrency(hub.endpoint())).isEqualTo(8);
    }

    @Test
    void exhaustedQuota_waitsForTheWindowInsteadOfRunningInto429s(FakeHub hub) throws IOException {
        FakeRepo repo = FakeRepo.model("acme", "busy").generatedFiles("f-", 12, 16, 3).build();
        hub.add(repo);
        hub.faults().rateLimit("resolvers", 5, Duration.ofSeconds(1));
        HubClient client = new HubClient(settings(hub.endpoint(), Duration.ofSeconds(5)));

        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            get(client, hub, String.format("f-%05d.txt", i));
        }

        // 12 requests at 5 per window need two window ends; one by one, the headers announce each end
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
        assertThat(hub.requests()).noneMatch(r -> r.status() == 429);
    }

    @Test
    void rateLimitHeader_isReadAsTheHubSendsIt_andHostileValuesAreDropped() {
        assertThat(RateLimitPacer.parse("\"resolvers\";r=2999;t=63", "\"fixed window\";\"resolvers\";q=3000;w=300"))
                .hasValue(new RateLimitPacer.Reading("resolvers", 2999, 63, 3000));
        assertThat(RateLimitPacer.parse("\"api\";r=9;t=5, \"pages\";r=2;t=100", null))
                .hasValue(new RateLimitPacer.Reading("pages", 2, 100, -1));
        assertThat(RateLimitPacer.parse("\"api\";r=-1;t=5", null)).isEmpty();
        assertThat(RateLimitPacer.parse("\"api\";r=1;t=99999999999999999999999", null)).isEmpty();
        assertThat(RateLimitPacer.parse("banana", null)).isEmpty();
        assertThat(RateLimitPacer.parse("\"api\";r=1;t=1" + ",x".repeat(3000), null)).isEmpty();
    }

    @Test
    void pacer_spreadsTheLastRequestsOfAWindow_andCapsHostileResets() {
        RateLimitPacer pacer = new RateLimitPacer(2_000, 2);
        assertThat(pacer.reserve("resolve")).isZero();
        pacer.answered("resolve", Optional.of("\"resolvers\";r=100;t=10"), Optional.empty());
        assertThat(pacer.reserve("resolve")).isZero();

        pacer.answered("resolve", Optional.of("\"resolvers\";r=2;t=10"), Optional.empty());
        long first = pacer.reserve("resolve");
        long second = pacer.reserve("resolve");
        assertThat(first).isZero();
        assertThat(second).isBetween(900L, 2_000L);   // the 2 s left (10 s capped at the max wait) over 2 requests

        pacer.answered("resolve", Optional.of("\"resolvers\";r=0;t=86400000"), Optional.empty());
        assertThat(pacer.reserve("resolve")).isBetween(1_000L, 2_000L);
        assertThat(pacer.reserve("api")).isZero();
    }

    @Test
    void retryAfter_readsSecondsAndDates_andRefusesGarbage() {
        assertThat(HubClient.retryAfterMillis("7")).isEqualTo(7_000);
        assertThat(HubClient.retryAfterMillis("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
        assertThat(HubClient.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
        assertThat(HubClient.retryAfterMillis("-3")).isEqualTo(-1);
        assertThat(HubClient.retryAfterMillis("soon")).isEqualTo(-1);
        assertThat(HubClient.retryAfterMillis("1".repeat(100))).isEqualTo(-1);
    }
}
