/**
 * What tests of virtshare users need, without JUnit: host-tool detection
 * ({@link io.virtshare.testkit.HostTools}), the KVM probe, guest kernel discovery and the
 * reflink probe. The JUnit 5 integration lives in {@code io.virtshare.testkit.junit}.
 *
 * <pre>{@code
 * HostTools.detect().all().forEach(System.out::println);
 * }</pre>
 */
package io.virtshare.testkit;
