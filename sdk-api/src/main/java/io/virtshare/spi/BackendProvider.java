package io.virtshare.spi;

import java.util.Optional;

/**
 * Makes a {@link Backend}. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.virtshare.spi.BackendProvider}) and need a public no-argument
 * constructor. The SDK ships three: {@code libvirt} (sdk-libvirt), {@code qemu} and
 * {@code xml-files} (sdk-api).
 *
 * <p>How {@link io.virtshare.VirtShare} chooses: a backend chosen by name (the builder, else
 * the system property {@code virtshare.backend}) always wins; otherwise the one automatic
 * provider that is available here; with none, {@code xml-files}; with two or more, an error
 * that names them and says how to choose.
 *
 * <pre>{@code
 * public final class MyProvider implements BackendProvider {
 *     public String name() { return "my"; }
 *     public String module() { return "com.example:my-backend"; }
 *     public boolean automatic() { return true; }
 *     public Optional<String> unavailable() { return Optional.empty(); }
 *     public Backend open(BackendContext context) { return new MyBackend(context); }
 * }
 * }</pre>
 */
public interface BackendProvider {
    /** The name users choose it by: lower case, e.g. {@code libvirt}. */
    String name();

    /** The artifact that provides it, for messages, e.g. {@code io.virtshare:sdk-libvirt}. */
    String module();

    /**
     * Whether this backend is chosen when the user names none and it is the only available
     * automatic one. The built-in {@code qemu} and {@code xml-files} backends are not.
     */
    boolean automatic();

    /**
     * Why this backend cannot run on this machine (e.g. the libvirt client library is missing),
     * or empty when it can. Must be quick and must not connect anywhere.
     */
    Optional<String> unavailable();

    /**
     * Opens the backend.
     *
     * @throws io.virtshare.BackendException when the target cannot be reached
     */
    Backend open(BackendContext context);
}
