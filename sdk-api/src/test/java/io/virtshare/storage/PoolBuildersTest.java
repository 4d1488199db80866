package io.virtshare.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.xml.XmlCodec;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The factory per pool type gives a builder that offers that type's fields and nothing else. */
class PoolBuildersTest {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    static Stream<Arguments> builders() {
        return Stream.of(
                Arguments.of(DirPoolBuilder.class, "uuid target permissions cow"),
                Arguments.of(FsPoolBuilder.class, "uuid device format mountOptions target permissions cow"),
                Arguments.of(NetfsPoolBuilder.class,
                        "uuid host dir format protocolVersion mountOptions target permissions"),
                Arguments.of(LogicalPoolBuilder.class, "uuid sourceName device target permissions"),
                Arguments.of(DiskPoolBuilder.class, "uuid device format target permissions"),
                Arguments.of(IscsiPoolBuilder.class, "uuid host device initiatorIqn auth target permissions"),
                Arguments.of(IscsiDirectPoolBuilder.class, "uuid host device initiatorIqn auth"),
                Arguments.of(ScsiPoolBuilder.class, "uuid adapter target permissions"),
                Arguments.of(MpathPoolBuilder.class, "uuid target permissions"),
                Arguments.of(RbdPoolBuilder.class, "uuid sourceName host auth rbdOption"),
                Arguments.of(GlusterPoolBuilder.class, "uuid sourceName host dir"),
                Arguments.of(ZfsPoolBuilder.class, "uuid sourceName device target permissions"),
                Arguments.of(VstoragePoolBuilder.class, "uuid sourceName target permissions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void typedBuilder_offersOnlyItsTypesFields(Class<?> builder, String fields) {
        Set<String> offered = new TreeSet<>();
        for (Method m : builder.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.getName().equals("build")) {
                offered.add(m.getName());
                assertThat(m.getReturnType()).as("%s returns its own builder", m).isEqualTo(builder);
            }
        }
        assertThat(offered).isEqualTo(new TreeSet<>(Arrays.asList(fields.split(" "))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void typedBuilder_hasNoTargetWhereTheTypeHasNone(Class<?> builder, String fields) throws Exception {
        PoolType type = ((PoolSpec) builder.getMethod("build").invoke(
                builder.getDeclaredConstructor(String.class).newInstance("p"))).type();

        assertThat(Arrays.asList(fields.split(" ")).contains("target")).isEqualTo(type.hasTarget());
    }

    @Test
    void netfsBuilder_writesTheSameXmlAsTheGeneralBuilder() {
        PoolSpec typed = PoolSpec.netfs("images").host("nfs.example.com", 2049).dir(Path.of("/exports/images"))
                .format(FormatType.NFS).protocolVersion("4.1").mountOptions("nconnect=4")
                .target(Path.of("/var/lib/virt/images")).build();
        PoolSpec general = PoolSpec.builder(PoolType.NETFS).name("images").host("nfs.example.com", 2049)
                .sourceDir("/exports/images").format(FormatType.NFS).protocolVersion("4.1")
                .mountOptions("nconnect=4").target(Path.of("/var/lib/virt/images")).build();

        assertThat(typed).isEqualTo(general);
        assertThat(CODEC.readPool(CODEC.writePool(typed))).isEqualTo(typed);
        assertThat(typed.problems()).isEmpty();
    }

    @Test
    void dirBuilder_targetKeepsPermissionsSetBefore() {
        PoolSpec pool = PoolSpec.dir("images").permissions(Permissions.of(0711, 107, 107)).target(Path.of("/srv/images"))
                .build();

        assertThat(pool.target()).get().satisfies(t -> {
            assertThat(t.path()).contains("/srv/images");
            assertThat(t.permissions()).isPresent();
        });
    }
}
