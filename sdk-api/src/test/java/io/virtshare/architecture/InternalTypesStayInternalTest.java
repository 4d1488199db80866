package io.virtshare.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShareException;
import io.virtshare.internal.shared.CommandResult;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Users compile against the public packages of sdk-api only; implementation lives in
 * {@code ..internal..} packages. This test fails the build when a public API type
 * exposes an internal type anywhere in its signatures.
 */
class InternalTypesStayInternalTest {

    private static final List<Class<?>> SDK_API = ApiSurface.classesBeside(VirtShareException.class);

    @Test
    void publicApi_neverExposesInternalTypes() {
        List<String> violations = ApiSurface.violations(SDK_API, ApiSurface::isInternal);

        assertThat(violations)
                .as("public API types of sdk-api must not expose types from internal packages;"
                        + " move the type out of internal or hide it behind an API type")
                .isEmpty();
    }

    @Test
    void publicApi_exposesOnlyJdkAndSdkTypesAndJackson() {
        Predicate<Class<?>> foreign = type -> !type.isPrimitive()
                && !type.getName().startsWith("java.")
                && !type.getName().startsWith("io.virtshare.");

        assertThat(ApiSurface.violations(SDK_API, foreign))
                .as("public API types of sdk-api must not expose third-party types (users would depend on them)")
                .isEmpty();
    }

    @Test
    void scan_seesTheModule() {
        assertThat(SDK_API).contains(VirtShareException.class, CommandResult.class);
        assertThat(ApiSurface.packages(SDK_API)).contains("io.virtshare", "io.virtshare.internal.shared");
    }

    // the rule itself is tested on fixtures, so the test above cannot pass vacuously

    @Test
    void rule_catchesReturnTypes() {
        assertThat(ApiSurface.violations(List.of(Fixtures.LeaksReturn.class), ApiSurface::isInternal))
                .singleElement().asString().contains("leak()").contains(CommandResult.class.getName());
    }

    @Test
    void rule_catchesGenericArgumentsParametersAndRecordComponents() {
        assertThat(ApiSurface.violations(List.of(Fixtures.LeaksGeneric.class), ApiSurface::isInternal))
                .anyMatch(v -> v.contains("parameter"))
                .anyMatch(v -> v.contains("record component results"));
    }

    @Test
    void rule_ignoresPrivateMembers() {
        assertThat(ApiSurface.violations(List.of(Fixtures.HidesInternals.class), ApiSurface::isInternal)).isEmpty();
    }

    @Test
    void rule_ignoresNonPublicTypes() {
        assertThat(ApiSurface.violations(List.of(Fixtures.PackagePrivate.class), ApiSurface::isInternal)).isEmpty();
    }
}
