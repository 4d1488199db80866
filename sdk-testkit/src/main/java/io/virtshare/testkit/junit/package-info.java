/**
 * The JUnit 5 side of the testkit: {@link io.virtshare.testkit.junit.RequiresHost} skips
 * tests whose host tools are missing, and fails them when
 * {@code -Dvirtshare.it.required=true}.
 *
 * <pre>{@code
 * @RequiresHost(HostTool.QEMU)
 * class GuestIT { ... }
 * }</pre>
 */
package io.virtshare.testkit.junit;
