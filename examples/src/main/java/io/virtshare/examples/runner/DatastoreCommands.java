package io.virtshare.examples.runner;

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
    private static final java.util.regex.Pattern URI_SCHEME = java.util.regex.Pattern.compile(
            "^[A-Za-z][A-Za-z0-9+.-]*://");

    private DatastoreCommands() {
    }

    static Set<String> with(String... more) {
        Set<String> all = new HashSet<>(DatastoreArgs.OPTIONS);
        all.addAll(List.of(more));
        return all;
    }

    static String single(Args args, String what) {
        if (args.operands().size() != 1) {
            throw new UsageException(args.operands().isEmpty() ? what + " is required"
                    : "one " + what + " expected, got " + args.operands());
        }
        return args.operands().get(0);
    }

    /** {@code source} as given when it is a URI, else the path resolved against the working directory. */
    private static String localOrUri(String source, Console console) {
        return URI_SCHEME.matcher(source).find() ? source : console.path(source).toString();
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
                        + " [--restricted-dirs C,D] [--limit-mb N] [--name NAME] [--strip-top-level] SOURCE",
                        (words, console) -> {
                            Args args = Args.parse(words, with("name"), Set.of("strip-top-level"));
                            String source = localOrUri(single(args, "SOURCE (a directory, tarball or hf:// URI)"),
                                    console);
                            ImportOptions chosen = ImportOptions.defaults()
                                    .withProgress(ImageJson.progress(console)).withCancellation(new Cancellation());
                            if (importer.isPresent()) {
                                chosen = chosen.withImporter(importer.get());
                            }
                            if (args.option("name").isPresent()) {
                                chosen = chosen.withName(args.option("name").get());
                            }
                            ImportOptions options = chosen.withStripTopLevelFolder(args.flag("strip-top-level"));
                            NativeLibraryCache.useForZstdIfAbsent(source);
                            return DatastoreArgs.with(args, console, ds -> {
                                console.say("registering " + source + " in " + ds.basePath());
                                Image image = ds.images().register(source, options);
                                console.say("image " + image.id() + " (" + image.name() + ") is " + image.state());
                                return ImageJson.image(image);
                            });
                        }),
                new Simple("list", "list --datastore DIR", (words, console) -> {
                    Args args = Args.parse(words, DatastoreArgs.OPTIONS, Set.of()).noOperands();
                    return DatastoreArgs.with(args, console, ds -> ImageJson.images(ds.images().list()));
                }),
                new Simple("stat", "stat --datastore DIR [ID]", (words, console) -> {
                    Args args = Args.parse(words, DatastoreArgs.OPTIONS, Set.of());
                    if (args.operands().isEmpty()) {
                        return DatastoreArgs.with(args, console, ds -> ImageJson.monitor(ds.monitor()));
                    }
                    int id = DatastoreArgs.id(single(args, "ID"));
                    return DatastoreArgs.with(args, console, ds -> ImageJson.usage(ds.images().usage(ds.images().get(id))));
                }),
                new Simple("clone", "clone --datastore DIR ID [--name NAME]", (words, console) -> {
                    Args args = Args.parse(words, with("name"), Set.of());
                    int id = DatastoreArgs.id(single(args, "ID"));
                    ImportOptions progress = ImportOptions.defaults().withProgress(ImageJson.progress(console));
                    ImportOptions options = args.option("name").map(progress::withName).orElse(progress);
                    return DatastoreArgs.with(args, console, ds -> ImageJson.image(ds.images().clone(ds.images().get(id), options)));
                }),
                new DomainXmlCommand(),
                new Simple("delete", "delete --datastore DIR ID", (words, console) -> {
                    Args args = Args.parse(words, DatastoreArgs.OPTIONS, Set.of());
                    int id = DatastoreArgs.id(single(args, "ID"));
                    DatastoreArgs.with(args, console, ds -> {
                        ds.images().delete(ds.images().get(id));
                        return null;
                    });
                    console.say("deleted image " + id);
                    return ImageJson.deleted(id);
                }));
    }

    /** A command given by its name, synopsis and body. */
    record Simple(String name, String synopsis, Body body) implements Command {
        interface Body {
            Output run(List<String> words, Console console) throws Exception;
        }

        @Override
        public Output run(List<String> args, Console console) throws Exception {
            return body.run(args, console);
        }
    }
}
