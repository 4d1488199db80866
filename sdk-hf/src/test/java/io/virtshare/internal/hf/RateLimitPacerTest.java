package io.virtshare.internal.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The {@code RateLimit} reader: hand-written, read the way the header's grammar is given here
 * as regular expressions (the reference below), on valid, odd and hostile headers.
 */
class RateLimitPacerTest {
    private static final Pattern NAME = Pattern.compile("^\\s*\"([^\"]{0,64})\"");
    private static final Pattern PARAM = Pattern.compile(";\\s*([a-z]+)\\s*=\\s*(-?\\d{1,18})(?![A-Za-z0-9_])");

    /** The reference: the first {@code ;name=number} of the name, its bucket the leading quoted name. */
    private static Optional<RateLimitPacer.Reading> reference(String rateLimit, String policy) {
        if (rateLimit == null || rateLimit.length() > 2048) {
            return Optional.empty();
        }
        RateLimitPacer.Reading best = null;
        for (String item : rateLimit.split(",")) {
            long r = param(item, "r");
            long t = param(item, "t");
            if (r < 0 || t < 0) {
                continue;
            }
            Matcher name = NAME.matcher(item);
            String bucket = name.find() ? name.group(1) : "";
            if (best == null || r < best.remaining()) {
                best = new RateLimitPacer.Reading(bucket, r, t, quota(policy, bucket));
            }
        }
        return Optional.ofNullable(best);
    }

    private static long quota(String policy, String bucket) {
        if (policy == null || policy.length() > 2048) {
            return -1;
        }
        for (String item : policy.split(",")) {
            if (bucket.isEmpty() || item.contains("\"" + bucket + "\"")) {
                long q = param(item, "q");
                if (q > 0) {
                    return q;
                }
            }
        }
        return -1;
    }

    private static long param(String item, String key) {
        Matcher m = PARAM.matcher(item);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                long v = Long.parseLong(m.group(2));
                return v < 0 ? -1 : v;
            }
        }
        return -1;
    }

    @Test
    void hubHeaders_andOddOnes_readAsTheReference() {
        String[] headers = {
            "\"resolvers\";r=2999;t=63", "\"api\";r=9;t=5, \"pages\";r=2;t=100", "\"api\";r=-1;t=5",
            "\"api\";r=-0;t=5", "\"api\";r=1;t=99999999999999999999999", "\"api\";r=1;t=123456789012345678",
            "banana", "", ",,,", "\"api\" ; r = 7 ; t =\t8", "\"api\";r=7x;t=8;r=6;t=2", "\"api\";rr=1;r=2;t=3",
            ";r=1;t=2", "\"" + "n".repeat(64) + "\";r=1;t=2", "\"" + "n".repeat(65) + "\";r=1;t=2", "\"a\";R=1;t=2",
            "\"a\";r=1;t=2;r=0", "\"a\";x=;r=3;t=4", "\"a\";r=5_;r=4;t=1", "\"a\";r=-;r=4;t=1", "\"a\";r==4;t=1",
        };
        String[] policies = {null, "\"fixed window\";\"resolvers\";q=3000;w=300", "\"fixed window\";\"api\";q=0;w=1"};
        for (String header : headers) {
            for (String policy : policies) {
                assertThat(RateLimitPacer.parse(header, policy)).as(header + " / " + policy)
                        .isEqualTo(reference(header, policy));
            }
        }
        assertThat(RateLimitPacer.parse("\"resolvers\";r=2999;t=63", "\"fixed window\";\"resolvers\";q=3000;w=300"))
                .hasValue(new RateLimitPacer.Reading("resolvers", 2999, 63, 3000));
        assertThat(RateLimitPacer.parse("\"api\";r=-0;t=5", null)).hasValue(new RateLimitPacer.Reading("api", 0, 5,
                -1));
    }

    @Property(tries = 3000)
    void anyHeader_readsAsTheReference(@ForAll("headers") String header, @ForAll("headers") String policy) {
        assertThat(RateLimitPacer.parse(header, policy)).isEqualTo(reference(header, policy));
    }

    /** Headers of the grammar's own characters in any order, and near-valid ones with mutations. */
    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> noise = Arbitraries.strings().withChars(";=,\" \t-_rtqaxR0123456789").ofMaxLength(40);
        Arbitrary<String> item = Combinators.combine(Arbitraries.of("", " ", "\"resolvers\"", "\"a b\"", "\"\""),
                Arbitraries.of(";r=", "; r = ", ";r=-", ";r =", ";x=1;r="), Arbitraries.strings().numeric()
                        .ofMaxLength(21), Arbitraries.of(";t=", ";t=-", " ;t=", ";q="), Arbitraries.strings()
                        .numeric().ofMaxLength(21), Arbitraries.of("", "x", "_", ";w=300", " ", ";t=1"))
                .as((name, r, rv, t, tv, tail) -> name + r + rv + t + tv + tail);
        Arbitrary<String> items = item.list().ofMaxSize(3).map(l -> String.join(",", l));
        return Arbitraries.oneOf(noise, items);
    }
}
