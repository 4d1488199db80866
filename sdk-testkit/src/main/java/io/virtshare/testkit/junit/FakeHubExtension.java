package io.virtshare.testkit.junit;

import io.virtshare.testkit.hf.FakeHub;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test (or test class, for constructor and {@code @BeforeAll} parameters) a
 * started {@link FakeHub}, closed when the test (or class) is done.
 *
 * <pre>{@code
 * @ExtendWith(FakeHubExtension.class)
 * class MyImportTest {
 *     @Test
 *     void imports(FakeHub hub) {
 *         hub.add(FakeRepo.model("acme", "tiny").file("config.json", "{}").build());
 *     }
 * }
 * }</pre>
 */
public final class FakeHubExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeHubExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeHub.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // the store closes the hub (an AutoCloseable) when its context ends
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("hub", key -> FakeHub.start(), FakeHub.class);
    }
}
