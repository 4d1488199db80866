package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.spi.Backend;
import io.virtshare.spi.BackendContext;
import io.virtshare.spi.BackendProvider;
import java.util.Optional;

/**
 * The {@code xml-files} backend's provider: writes the pools, volumes and VMs it is asked to
 * define as libvirt XML files into a directory, so the SDK works on a machine with only a
 * JDK. It is never chosen automatically over another backend; it is the fallback when none
 * is found, and can always run.
 *
 * <pre>{@code
 * try (var vs = VirtShare.builder().home(home).backend("xml-files").uri("file:///srv/virtshare/xml").build()) {
 *     vs.pools().define(PoolSpec.dir("images").target(Path.of("/srv/images")).build());   // writes pools/images.xml
 * }
 * }</pre>
 */
public final class XmlFilesBackendProvider implements BackendProvider {
    /** The backend's name. */
    public static final String NAME = "xml-files";

    /** For {@link java.util.ServiceLoader}. */
    public XmlFilesBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String module() {
        return "io.virtshare:sdk-api";
    }

    @Override
    public boolean automatic() {
        return false;
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.empty();
    }

    /**
     * Opens the backend on {@code <home>/xml}, or on the directory a {@code file:} URI names.
     *
     * @throws io.virtshare.BackendException with {@link io.virtshare.BackendFailure#INVALID_REQUEST}
     *     for a URI of another scheme (naming the backend that takes it), or when the directory
     *     cannot be made
     */
    @Override
    public Backend open(BackendContext context) {
        return new XmlFilesBackend(new XmlFilesDirectory(XmlFilesTarget.directory(context)));
    }
}
