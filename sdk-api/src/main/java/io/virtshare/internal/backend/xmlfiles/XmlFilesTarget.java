package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.spi.BackendContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The directory the xml-files backend writes into: {@code <home>/xml}, or a {@code file:} URI's directory. */
final class XmlFilesTarget {
    private static final String BACKEND = XmlFilesBackendProvider.NAME;

    private XmlFilesTarget() {
    }

    static Path directory(BackendContext context) {
        Optional<String> given = context.uri();
        if (given.isEmpty()) {
            return context.home().resolve("xml");
        }
        String text = given.get();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw refused(text, "it is not a URI (" + e.getReason() + "); give an absolute file: URI such as"
                    + " file:///srv/virtshare/xml, or no URI for " + context.home().resolve("xml"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            try {
                return Path.of(uri).toAbsolutePath().normalize();
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw refused(text, "a file: URI for this backend names an absolute local directory, such as"
                        + " file:///srv/virtshare/xml (" + e.getMessage() + ")");
            }
        }
        return throwForOtherScheme(text, scheme);
    }

    private static Path throwForOtherScheme(String uri, String scheme) {
        String base = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
        String libvirtDrivers = "qemu test lxc xen vbox vmware esx bhyve ch openvz vz hyperv";
        if (!base.isEmpty() && (" " + libvirtDrivers + " ").contains(" " + base + " ")) {
            throw refused(uri, "that is a libvirt URI: the libvirt backend takes it"
                    + " (VirtShare.builder().backend(\"libvirt\").uri(\"" + uri + "\"), with io.virtshare:sdk-libvirt"
                    + " on the class path); the " + BACKEND + " backend takes only file: URIs");
        }
        throw refused(uri, "the " + BACKEND + " backend takes only a file: URI naming a directory, such as"
                + " file:///srv/virtshare/xml; for a libvirt URI (qemu:///system, test:///default) choose the libvirt"
                + " backend");
    }

    private static BackendException refused(String uri, String why) {
        return new BackendException(BACKEND, uri, "open", null, BackendFailure.INVALID_REQUEST,
                "the " + BACKEND + " backend cannot use the URI '" + uri + "': " + why, null);
    }
}
