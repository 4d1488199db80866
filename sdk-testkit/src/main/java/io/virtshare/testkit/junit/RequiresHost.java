package io.virtshare.testkit.junit;

import io.virtshare.testkit.HostTool;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs host tools, and tags it {@code host}.
 *
 * <p>When a listed tool is missing the test is <b>skipped with the reason</b> (what is
 * missing and which package provides it) — unless the system property
 * {@value RequiresHostExtension#REQUIRED_PROPERTY} is {@code true}, as in CI, where a
 * missing tool <b>fails</b> the test: a CI run must never pass by skipping.
 *
 * <pre>{@code
 * @RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD})
 * class VirtiofsShareIT {
 *     @Test
 *     void guestSeesTheShare() { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("host")
@ExtendWith(RequiresHostExtension.class)
public @interface RequiresHost {
    /** The tools the test needs. */
    HostTool[] value();
}
