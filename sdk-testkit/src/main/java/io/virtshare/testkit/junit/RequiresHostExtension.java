package io.virtshare.testkit.junit;

import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.ToolStatus;
import java.lang.reflect.AnnotatedElement;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Implements {@link RequiresHost}: skips a test whose host tools are missing, or fails
 * it when {@value #REQUIRED_PROPERTY} is {@code true}.
 *
 * <p>One {@link HostTools} is kept per test run (in the root extension store), so each
 * tool is probed once however many tests ask for it. Users may register this extension
 * themselves with their own {@code @RequiresHost} uses; nothing else is needed.
 *
 * <pre>{@code
 * @RequiresHost(HostTool.LIBVIRTD)
 * class MyPoolIT { ... }   // run with -Dvirtshare.it.required=true in CI
 * }</pre>
 */
public final class RequiresHostExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {
    /** System property that turns a missing tool from a skip into a failure. */
    public static final String REQUIRED_PROPERTY = "virtshare.it.required";

    /**
     * System property or JUnit configuration parameter listing tools (comma-separated
     * {@link HostTool} names) to treat as missing even when present, e.g. to see which
     * tests depend on KVM: {@code -Dvirtshare.host.unavailable=KVM,LIBVIRTD}.
     */
    public static final String UNAVAILABLE_PROPERTY = HostTools.UNAVAILABLE_PROPERTY;

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RequiresHostExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<ToolStatus> missing = missing(context);
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("host tools present");
        }
        if (required(context)) {
            // enabled so that the callbacks below fail it with the reason
            return ConditionEvaluationResult.enabled("host tools missing; " + REQUIRED_PROPERTY + "=true");
        }
        return ConditionEvaluationResult.disabled(describe(missing)
                + " (set -D" + REQUIRED_PROPERTY + "=true to make this a failure)");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        failIfRequiredAndMissing(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        failIfRequiredAndMissing(context);
    }

    private void failIfRequiredAndMissing(ExtensionContext context) {
        List<ToolStatus> missing = missing(context);
        if (!missing.isEmpty() && required(context)) {
            throw new AssertionError(describe(missing) + ", and " + REQUIRED_PROPERTY
                    + "=true requires every host tool: install them (see README, \"Full host stack\")");
        }
    }

    static String describe(List<ToolStatus> missing) {
        return "missing host tools: " + missing.stream()
                .map(s -> s.tool() + " (" + s.detail() + ")")
                .collect(Collectors.joining("; "));
    }

    private static boolean required(ExtensionContext context) {
        return context.getConfigurationParameter(REQUIRED_PROPERTY)
                .or(() -> Optional.ofNullable(System.getProperty(REQUIRED_PROPERTY)))
                .map(Boolean::parseBoolean)
                .orElse(false);
    }

    private static List<ToolStatus> missing(ExtensionContext context) {
        Set<HostTool> tools = EnumSet.noneOf(HostTool.class);
        context.getTestClass().ifPresent(c -> collect(c, tools));
        context.getTestMethod().ifPresent(m -> collect(m, tools));
        if (tools.isEmpty()) {
            return List.of();
        }
        HostTools hostTools = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(HostTools.class, k -> hostTools(context), HostTools.class);
        return hostTools.missing(tools);
    }

    private static HostTools hostTools(ExtensionContext context) {
        String unavailable = context.getConfigurationParameter(UNAVAILABLE_PROPERTY)
                .or(() -> Optional.ofNullable(System.getProperty(UNAVAILABLE_PROPERTY)))
                .orElse("");
        return HostTools.detectWithout(unavailable, "marked unavailable by " + UNAVAILABLE_PROPERTY);
    }

    private static void collect(AnnotatedElement element, Set<HostTool> into) {
        AnnotationSupport.findAnnotation(element, RequiresHost.class).ifPresent(a -> into.addAll(List.of(a.value())));
        if (element instanceof Class<?> c && c.getEnclosingClass() != null) {
            collect(c.getEnclosingClass(), into);
        }
    }
}
