package io.virtshare.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.xml.XmlCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Random valid pools of every type, built through the builders, survive write and read. */
class PoolSpecPropertiesTest {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    @Property(tries = 400)
    void validPool_writeThenRead_isEqual(@ForAll("pools") PoolSpec pool) {
        Statistics.collect(pool.type());
        assertThat(pool.problems()).isEmpty();

        PoolSpec read = CODEC.readPool(CODEC.writePool(pool));

        assertThat(read).isEqualTo(pool);
        assertThat(read.capacity().map(Size::unit)).isEqualTo(pool.capacity().map(Size::unit));
        assertThat(read.extras().isEmpty()).isTrue();
    }

    @Provide
    Arbitrary<PoolSpec> pools() {
        return PoolSpecArbitraries.pools(Arbitraries.strings().withCharRange('a', 'z').withChars("<>&'\" -_./:")
                .ofMinLength(1).ofMaxLength(12).filter(t -> !t.isBlank()));
    }
}
