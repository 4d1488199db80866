/**
 * Support code shared by every virtshare module, kept in this one place: running an
 * external command with a timeout ({@link io.virtshare.internal.shared.CommandRunner},
 * {@link io.virtshare.internal.shared.CommandResult}) and deleting a directory tree without
 * following links ({@link io.virtshare.internal.shared.TreeDeleter}).
 *
 * <p>sdk-api itself, sdk-libvirt, sdk-hf, sdk-testkit, the examples and the benchmarks use
 * these instead of their own copies. Like everything under {@code io.virtshare.internal},
 * this is not API: no public type of any module exposes it, and it may change in any
 * release. Each module's own implementation code lives under its one internal root
 * ({@code io.virtshare.internal.…} in sdk-api, {@code io.virtshare.internal.hf} in sdk-hf);
 * sdk-testkit keeps its helpers package-private beside the public types that use them.
 */
package io.virtshare.internal.shared;
