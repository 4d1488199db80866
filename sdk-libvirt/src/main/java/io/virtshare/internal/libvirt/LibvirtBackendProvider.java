package io.virtshare.internal.libvirt;

import io.virtshare.spi.Backend;
import io.virtshare.spi.BackendContext;
import io.virtshare.spi.BackendProvider;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code libvirt} backend (artifact {@code io.virtshare:sdk-libvirt}), found by
 * {@link java.util.ServiceLoader}. It is automatic: with sdk-libvirt on the class path and
 * the libvirt client library installed, {@code VirtShare.open(home)} uses it.
 *
 * <p>The URI it connects to: the one given with {@code VirtShare.builder().uri(..)}, else the
 * system property {@value #URI_PROPERTY}, else the environment variable
 * {@value #URI_ENVIRONMENT} (libvirt's own), else {@value #DEFAULT_URI} (libvirt's
 * in-process test driver: no daemon, everything in memory).
 *
 * <pre>{@code
 * try (var vs = VirtShare.builder().home(home).backend("libvirt").uri("qemu:///system").build()) {
 *     vs.pools().list().forEach(p -> System.out.println(p.name()));
 * }
 * }</pre>
 */
public final class LibvirtBackendProvider implements BackendProvider {
    /** The system property naming the URI when the builder names none. */
    public static final String URI_PROPERTY = "virtshare.libvirt.uri";
    /** The environment variable naming the URI when neither the builder nor the property does. */
    public static final String URI_ENVIRONMENT = "LIBVIRT_DEFAULT_URI";
    /** The URI used when nothing names one. */
    public static final String DEFAULT_URI = "test:///default";

    /** Loads the libvirt client library (when not loaded yet) without connecting anywhere. */
    interface LibraryProbe {
        void load() throws Exception;
    }

    private final LibraryProbe library;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    /** The provider {@link java.util.ServiceLoader} makes: the real library, properties and environment. */
    public LibvirtBackendProvider() {
        this(LibvirtHost::libraryVersion, System::getProperty, System::getenv);
    }

    LibvirtBackendProvider(LibraryProbe library, Function<String, String> properties,
            Function<String, String> environment) {
        this.library = Objects.requireNonNull(library, "library");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public String name() {
        return Failures.BACKEND;
    }

    @Override
    public String module() {
        return "io.virtshare:sdk-libvirt";
    }

    @Override
    public boolean automatic() {
        return true;
    }

    /** Why libvirt cannot be used here: its client library (or JNA) does not load. Connects nowhere. */
    @Override
    public Optional<String> unavailable() {
        try {
            library.load();
            return Optional.empty();
        } catch (LinkageError e) {
            return Optional.of("the libvirt client library (libvirt.so.0) cannot be loaded (" + e.getMessage()
                    + "); install it (Debian: apt-get install libvirt0), or choose another backend");
        } catch (Exception e) {
            return Optional.of("the libvirt client library did not report its version (" + e.getMessage()
                    + "); reinstall it (Debian: apt-get install --reinstall libvirt0), or choose another backend");
        }
    }

    /**
     * Connects to the URI chosen as the class Javadoc says, within the context's timeout.
     *
     * @throws io.virtshare.BackendException when libvirt is missing or the URI cannot be reached
     */
    @Override
    public Backend open(BackendContext context) {
        return new LibvirtBackend(LibvirtHost.connect(uri(context), context.connectTimeout()));
    }

    /** The URI to connect to for {@code context}; a blank URI given by the user is refused by the connection. */
    String uri(BackendContext context) {
        return context.uri()
                .or(() -> Optional.ofNullable(properties.apply(URI_PROPERTY)).filter(u -> !u.isBlank()))
                .or(() -> Optional.ofNullable(environment.apply(URI_ENVIRONMENT)).filter(u -> !u.isBlank()))
                .map(String::strip)
                .orElse(DEFAULT_URI);
    }

    @Override
    public String toString() {
        return "LibvirtBackendProvider[" + module() + "]";
    }
}
