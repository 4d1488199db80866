package io.virtshare.examples.runner;

import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShare;
import io.virtshare.datastore.DatastoreException;
import io.virtshare.datastore.Image;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.share.ShareProtocol;
import io.virtshare.xml.XmlCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code domain-xml --datastore DIR ID [--tag TAG] [--protocol virtiofs|9p] [--read-only]
 * [--uri URI] [--domain FILE]}: the image's {@code <filesystem>}, or FILE with it attached.
 * What it prints is what the target libvirt accepts: read-only virtiofs needs libvirt
 * 11.0.0 or later, so it is given only when {@code --uri} names such a host; otherwise the
 * command exits 1 naming the limit and the alternatives (read-only 9p, a read-only mount in
 * the guest, virtiofsd's own {@code --readonly}).
 */
final class DomainXmlCommand implements Command {

    @Override
    public String name() {
        return "domain-xml";
    }

    @Override
    public String synopsis() {
        return "domain-xml --datastore DIR ID [--tag TAG] [--protocol virtiofs|9p] [--read-only] [--uri URI]"
                + " [--domain FILE]";
    }

    @Override
    public Output run(List<String> words, Console console) throws Exception {
        Args args = Args.parse(words, DatastoreCommands.with("tag", "domain", "protocol", "uri"), Set.of("read-only"));
        int id = DatastoreArgs.id(DatastoreCommands.single(args, "ID"));
        ShareProtocol protocol = protocol(args);
        boolean readOnly = args.flag("read-only");
        Path file = args.option("domain").map(console::path).orElse(null);
        if (file != null && !Files.isRegularFile(file)) {
            throw new DatastoreException("domain file " + file + " does not exist; give the path"
                    + " of a libvirt domain XML file (virsh dumpxml NAME > FILE)");
        }
        LibvirtFeatures features = features(args, console);
        if (readOnly && protocol == ShareProtocol.VIRTIOFS && !features.readOnlyVirtiofs()) {
            throw new InvalidSpecException("--read-only with virtiofs: libvirt's QEMU driver accepts <readonly/> on"
                    + " virtiofs only from libvirt 11.0.0, and the target's libvirt is "
                    + features.version().orElse("not known (give --uri URI to ask it)")
                    + "; use --protocol 9p (read-only 9p), or leave out --read-only and mount it read-only in the"
                    + " guest (mount -t virtiofs -o ro TAG DIR), or run a virtiofsd with --readonly (the Rust daemon)"
                    + " and give libvirt its socket");
        }
        FilesystemDevice fs = DatastoreArgs.with(args, console, ds -> {
            Image image = ds.images().get(id);
            return image.filesystem(protocol, args.option("tag").orElse(image.defaultTag()), readOnly, features);
        });
        if (file == null) {
            return new Output.Xml(XmlCodec.defaults().writeFilesystem(fs));
        }
        DomainXml domain = StorageFiles.read(file, DomainXml::parse, "a domain (virsh dumpxml NAME > FILE)")
                .attach(fs);
        console.say("attached " + fs.target() + " to domain " + domain.name()
                + (fs.isVirtiofs() ? "; guest memory is shared, as virtiofs needs" : ""));
        return new Output.Xml(domain.toXml());
    }

    private static ShareProtocol protocol(Args args) {
        String value = args.option("protocol").orElse("virtiofs");
        return switch (value) {
            case "virtiofs" -> ShareProtocol.VIRTIOFS;
            case "9p" -> ShareProtocol.NINE_P;
            default -> throw new UsageException("--protocol is virtiofs or 9p, not '" + value + "'");
        };
    }

    /** The features of the libvirt at {@code --uri}, or unknown without it. */
    private static LibvirtFeatures features(Args args, Console console) {
        if (args.option("uri").isEmpty()) {
            return LibvirtFeatures.unknown();
        }
        String uri = args.option("uri").get();
        if (uri.isBlank()) {
            throw new UsageException("--uri needs a libvirt URI, e.g. qemu:///system");
        }
        // the libvirt backend keeps nothing in its home directory
        try (VirtShare host = VirtShare.builder().home(Path.of(System.getProperty("java.io.tmpdir")))
                .backend("libvirt").uri(uri).build()) {
            LibvirtFeatures features = host.features();
            console.say("the target is libvirt " + features.version().orElse("(version not reported)") + " at " + uri);
            return features;
        }
    }
}
