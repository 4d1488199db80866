package io.virtshare.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.virtshare.testkit.HostTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The skip/fail rule, run through the real JUnit engine on a fixture test class.
 * {@value RequiresHostExtension#UNAVAILABLE_PROPERTY} makes QEMU missing on any host.
 */
class RequiresHostExtensionTest {

    /** A fixture, run only through the engine kit below (excluded by its tag otherwise). */
    @Tag("fixture")
    @RequiresHost(HostTool.QEMU)
    static class NeedsQemu {
        @Test
        void runs() {
        }
    }

    private static Events run(boolean required) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(RequiresHostExtension.UNAVAILABLE_PROPERTY, "QEMU")
                .configurationParameter(RequiresHostExtension.REQUIRED_PROPERTY, String.valueOf(required))
                .selectors(selectClass(NeedsQemu.class))
                .execute()
                .allEvents();
    }

    @Test
    void missingTool_whenNotRequired_skipsWithReasonAndPackage() {
        Events events = run(false);

        assertThat(events.skipped().count()).isEqualTo(1);
        assertThat(events.failed().count()).isZero();
        String reason = events.skipped().stream().findFirst().orElseThrow()
                .getPayload(String.class).orElseThrow();
        assertThat(reason).contains("QEMU").contains("virtshare.it.required=true");
    }

    @Test
    void missingTool_whenRequired_fails() {
        Events events = run(true);

        assertThat(events.skipped().count()).isZero();
        assertThat(events.failed().count()).isGreaterThanOrEqualTo(1);
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("QEMU")
                .hasMessageContaining("virtshare.it.required=true");
    }

    @Test
    void unknownToolName_isRefusedWithTheKnownNames() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(RequiresHostExtension.UNAVAILABLE_PROPERTY, "QEMUU")
                .selectors(selectClass(NeedsQemu.class))
                .execute()
                .allEvents();

        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(failure).hasMessageContaining("QEMUU").hasMessageContaining("LIBVIRTD");
    }

    @Test
    void annotation_tagsTestsAsHost() {
        assertThat(RequiresHost.class.getAnnotation(Tag.class).value()).isEqualTo("host");
    }
}
