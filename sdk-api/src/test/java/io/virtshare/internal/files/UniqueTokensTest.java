package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UniqueTokensTest {
    @Test
    void tokensAreDistinctAcrossThreadsAndSafeInFileNames() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(t -> {
            for (int i = 0; i < 5_000; i++) {
                seen.add(UniqueTokens.next());
            }
        });
        assertThat(seen).hasSize(40_000);
        assertThat(seen).allMatch(token -> token.matches("[0-9a-f]+-[0-9a-f]+-[0-9a-f]+") && token.length() <= 64);
    }

    @Test
    void tokensCarryThisProcessSoOtherProcessesCannotRepeatThem() {
        String pid = Long.toHexString(ProcessHandle.current().pid());
        List<String> tokens = List.of(UniqueTokens.next(), UniqueTokens.next());
        assertThat(tokens).allMatch(token -> token.startsWith(pid + "-"));
        assertThat(new HashSet<>(tokens)).hasSize(2);
    }
}
