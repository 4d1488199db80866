package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreException;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImportOptions;
import io.virtshare.progress.Cancellation;
import io.virtshare.spi.SourceImporter;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The datastore commands of the runner: import, list, stat, clone, delete. */
final class DatastoreCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatastoreCommands() {
    }

    private static Set<String> with(String... more) {
        Set<String> all = new HashSet<>(DatastoreArgs.OPTIONS);
        all.addAll(List.of(more));
        return all;
    }

    private static String single(Args args, String what) {
        if (args.operands().size() != 1) {
            throw new UsageException(args.operands().isEmpty() ? what + " is required"
                    : "one " + what + " expected, got " + args.operands());
        }
        return args.operands().get(0);
    }

    static List<Command> all() {
        return all(Optional.empty());
    }

    /**
     * The commands; {@code importer}, when given, imports URI sources of its scheme instead of
     * the one ServiceLoader finds (tests point an hf:// importer at a fake Hub this way).
     */
    static List<Command> all(Optional<SourceImporter> importer) {
        return List.of(
                new Simple("import", "import --datastore DIR [--kind sharedfs|virtiofs] [--safe-dirs A,B]"
                        + " [--restricted-dirs C,D] [--limit-mb N] [--name NAME] SOURCE", (words, console) -> {
                            Args args = Args.parse(words, with("name"), Set.of());
                            String source = single(args, "SOURCE (a directory, tarball or hf:// URI)");
                            Datastore ds = DatastoreArgs.open(args, console);
                            ImportOptions options = ImportOptions.defaults()
                                    .withProgress(ImageJson.progress(console)).withCancellation(new Cancellation());
                            if (importer.isPresent()) {
                                options = options.withImporter(importer.get());
                            }
                            if (args.option("name").isPresent()) {
                                options = options.withName(args.option("name").get());
                            }
                            console.say("registering " + source + " in " + ds.basePath());
                            Image image = ds.images().register(source, options);
                            console.say("image " + image.id() + " (" + image.name() + ") is " + image.state());
                            return ImageJson.image(image);
                        }),
                new Simple("list", "list --datastore DIR", (words, console) -> {
                    Args args = Args.parse(words, DatastoreArgs.OPTIONS, Set.of()).noOperands();
                    ArrayNode images = JSON.createArrayNode();
                    DatastoreArgs.open(args, console).images().list().forEach(i -> images.add(ImageJson.image(i)));
                    return images;
                }),
                new Simple("stat", "stat --datastore DIR [ID]", (words, console) -> {
                    Args args = Args.parse(words, DatastoreArgs.OPTIONS, Set.of());
                    Datastore ds = DatastoreArgs.open(args, console);
                    if (args.operands().isEmpty()) {
                        return ImageJson.monitor(ds.monitor());
                    }
                    return ImageJson.usage(ds.images().usage(DatastoreArgs.id(single(args, "ID"))));
                }),
                new Simple("clone", "clone --datastore DIR ID [--name NAME]", (words, console) -> {
                    Args args = Args.parse(words, with("name"), Set.of());
                    int id = DatastoreArgs.id(single(args, "ID"));
                    Datastore ds = DatastoreArgs.open(args, console);
                    ImportOptions options = ImportOptions.defaults().withProgress(ImageJson.progress(console));
                    if (args.option("name").isPresent()) {
                        options = options.withName(args.option("name").get());
                    }
                    return ImageJson.image(ds.images().clone(id, options));
                }),
                new Simple("domain-xml", "domain-xml --datastore DIR ID [--tag TAG] [--domain FILE] [--read-only]",
                        (words, console) -> {
                            Args args = Args.parse(words, with("tag", "domain"), Set.of("read-only"));
                            int id = DatastoreArgs.id(single(args, "ID"));
                            Image image = DatastoreArgs.open(args, console).images().get(id);
                            FilesystemDevice fs = image.filesystem(args.option("tag").orElse(image.defaultTag()),
                                    args.flag("read-only"));
                            if (args.option("domain").isEmpty()) {
                                return new XmlText(fs.toXml());
                            }
                            Path file = Path.of(args.option("domain").get());
                            if (!Files.isRegularFile(file)) {
                                throw new DatastoreException("domain file " + file + " does not exist; give the path"
                                        + " of a libvirt domain XML file (virsh dumpxml NAME > FILE)");
                            }
                            DomainXml domain = StorageFiles.read(file, DomainXml::parse,
                                    "a domain (virsh dumpxml NAME > FILE)").attach(fs);
                            console.say("attached " + fs.target() + " to domain " + domain.name()
                                    + (fs.isVirtiofs() ? "; guest memory is shared, as virtiofs needs" : ""));
                            return new XmlText(domain.toXml());
                        }),
                new Simple("delete", "delete --datastore DIR ID", (words, console) -> {
                    Args args = Args.parse(words, DatastoreArgs.OPTIONS, Set.of());
                    int id = DatastoreArgs.id(single(args, "ID"));
                    DatastoreArgs.open(args, console).images().delete(id);
                    console.say("deleted image " + id);
                    ObjectNode result = JSON.createObjectNode();
                    result.put("deleted", id);
                    return result;
                }));
    }

    /** A command given by its name, synopsis and body. */
    record Simple(String name, String synopsis, Body body) implements Command {
        interface Body {
            JsonNode run(List<String> words, Console console) throws Exception;
        }

        @Override
        public JsonNode run(List<String> args, Console console) throws Exception {
            return body.run(args, console);
        }
    }
}
