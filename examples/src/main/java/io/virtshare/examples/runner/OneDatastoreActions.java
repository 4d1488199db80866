package io.virtshare.examples.runner;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreKind;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.DatastoreUsage;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImageNotFoundException;
import io.virtshare.datastore.ImageOperation;
import io.virtshare.datastore.ImageStateException;
import io.virtshare.datastore.ImageState;
import io.virtshare.datastore.ImportOptions;
import io.virtshare.hf.HfImporter;
import io.virtshare.hf.HfSize;
import io.virtshare.internal.files.TreeUsage;
import io.virtshare.internal.paths.PathPolicy;
import io.virtshare.progress.Cancellation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The supported driver actions on the datastore at oned's {@code BASE_PATH}: {@code cp},
 * {@code clone}, {@code rm}, {@code stat}, {@code monitor}. The SDK's datastore lives in
 * BASE_PATH itself ({@code .virtshare/} holds its template and catalog), created on first use
 * and its template brought in line with oned's (SAFE_DIRS, RESTRICTED_DIRS, LIMIT_MB, TM_MAD)
 * on every call; a SharedFS image's SOURCE is its directory {@code BASE_PATH/<n>}, a VirtioFS
 * image's the directory registered in place. Opening the datastore recovers from crashed
 * actions (a killed cp's half tree is removed), and the entries such crashes leave in the
 * catalog are dropped, so they count nowhere.
 */
final class OneDatastoreActions {
    /** The FORMAT cp and clone answer: images are directory trees. */
    static final String FORMAT = "dir";
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final long MB = 1L << 20;

    private final DatastoreKind kind;
    private final OneActionData data;
    private final OneDriverLog log;
    private final Map<String, String> env;

    OneDatastoreActions(DatastoreKind kind, OneActionData data, OneDriverLog log, Map<String, String> env) {
        this.kind = kind;
        this.data = data;
        this.log = log;
        this.env = env;
    }

    /** Runs {@code action} (one of {@link OneDatastoreDriver#SUPPORTED}) and returns what goes on stdout. */
    String run(String action) throws IOException {
        return switch (action) {
            case "cp" -> cp();
            case "clone" -> cloneImage();
            case "rm" -> rm();
            case "stat" -> stat();
            case "monitor" -> monitor();
            default -> throw new OneDriverException(action + " is not an action of this driver");
        };
    }

    private String cp() {
        String source = data.requirePath("cp");
        if (kind == DatastoreKind.VIRTIO_FS && source.chars().anyMatch(Character::isWhitespace)) {
            throw whitespaceSource(source);
        }
        Datastore ds = datastore();
        dropInterrupted(ds);
        ImportOptions options = ImportOptions.defaults().withName(imageName())
                .withProgress(ImageJson.progress(log.infoConsole())).withCancellation(new Cancellation());
        log.info("registering " + source + " in " + ds.basePath() + " (" + ds.kind().dsMad() + ")");
        NativeLibraryCache.useForZstdIfAbsent(source);
        Image image = ds.images().register(source, options);
        String sourceOut = image.path().toString();
        if (sourceOut.chars().anyMatch(Character::isWhitespace)) {
            ds.images().delete(image);
            throw whitespaceSource(sourceOut);
        }
        log.info("image " + image.id() + " is " + image.state() + ": " + image.files() + " files, "
                + image.apparentBytes() + " bytes");
        return sourceOut + " " + FORMAT + "\n";
    }

    private String cloneImage() {
        String source = data.requirePath("clone");
        Datastore ds = datastore();
        ds.requireSupported(ImageOperation.CLONE);
        Image original = byPath(ds, source).orElseThrow(() -> unknownSource("clone", source, ds));
        ImportOptions options = ImportOptions.defaults().withName(imageName())
                .withProgress(ImageJson.progress(log.infoConsole()));
        log.info("cloning image " + original.id() + " (" + source + ")");
        Image copy = ds.images().clone(original, options);
        return copy.path() + " " + FORMAT + "\n";
    }

    private String rm() {
        String source = data.imageSource().orElseThrow(() -> new OneDriverException("rm needs IMAGE/SOURCE in "
                + OneActionData.ROOT + " and it is missing or empty; nothing was removed"));
        Path path = absolute(source, "rm");
        Datastore ds = datastore();
        if (kind == DatastoreKind.SHARED_FS) {
            requireImageDirectory(ds, path);
        }
        Optional<Image> image = byPath(ds, path.toString());
        if (image.isEmpty()) {
            if (kind == DatastoreKind.SHARED_FS && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new OneDriverException(path + " is in BASE_PATH but is no image of this datastore's catalog,"
                        + " so it is not removed; remove it by hand if it is yours");
            }
            log.info(path + " is already removed");
            return "";
        }
        ds.images().delete(image.get());
        log.info("removed image " + image.get().id() + " (" + path + ")"
                + (kind == DatastoreKind.VIRTIO_FS ? "; the registered directory itself is kept" : ""));
        return "";
    }

    private String stat() throws IOException {
        String source = data.requirePath("stat");
        Matcher scheme = SCHEME.matcher(source);
        if (scheme.find()) {
            if (!scheme.group(1).equalsIgnoreCase("hf") || kind == DatastoreKind.VIRTIO_FS) {
                throw unsupportedScheme(source);
            }
            HfSize size = HfImporter.builder().environment(env).build().size(source);
            log.info(source + " at commit " + size.commit() + ": " + size.files() + " files, " + size.bytes()
                    + " bytes (from the Hub's tree listing, nothing downloaded)");
            return megabytes(size.bytes()) + "\n";
        }
        Path real = policy().check(absolute(source, "stat"));
        long bytes = Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) ? TreeUsage.of(real).apparentBytes()
                : Files.size(real);
        return megabytes(bytes) + "\n";
    }

    private String monitor() {
        Datastore ds = datastore();
        dropInterrupted(ds);
        DatastoreUsage usage = ds.monitor();
        return "USED_MB=" + usage.usedMb() + "\nTOTAL_MB=" + usage.totalMb() + "\nFREE_MB=" + usage.freeMb() + "\n";
    }

    /** MB rounded up, as oned compares sizes in whole MB. */
    static long megabytes(long bytes) {
        return bytes / MB + (bytes % MB == 0 ? 0 : 1);
    }

    /**
     * The datastore at BASE_PATH, created on first use; its template follows oned's on every
     * call (a datastore of the other kind there is refused).
     */
    private Datastore datastore() {
        Path base = data.basePath();
        DatastoreSpec spec = spec();
        if (!Datastore.exists(base)) {
            try {
                Datastore created = Datastore.create(base, spec);
                log.info("created the " + kind.dsMad() + " datastore catalog in " + base);
                return created;
            } catch (io.virtshare.datastore.DatastoreException e) {
                if (!Datastore.exists(base)) {
                    throw e;
                }
                // another driver process created it meanwhile
            }
        }
        Datastore ds = Datastore.open(base);
        if (ds.kind() != kind) {
            throw new OneDriverException("BASE_PATH " + base + " holds a " + ds.kind().dsMad() + " datastore, not "
                    + kind.dsMad() + "; give each datastore its own BASE_PATH (DS_MAD " + kind.dsMad() + ")");
        }
        if (!ds.spec().equals(spec)) {
            ds = ds.update(spec);
        }
        return ds;
    }

    private DatastoreSpec spec() {
        String name = "one-ds-" + data.datastoreId().filter(id -> id.matches("[0-9]{1,10}")).orElse("0");
        DatastoreSpec.Builder b = kind == DatastoreKind.SHARED_FS ? DatastoreSpec.sharedFs(name)
                : DatastoreSpec.virtioFs(name).tmMad(data.tmMad().orElse("local"));
        b.safeDirs(data.safeDirs().map(OneDatastoreActions::dirs).orElse(new String[] {"/var/tmp"}));
        List<String> restricted = new ArrayList<>(List.of(data.restrictedDirs().map(OneDatastoreActions::dirs)
                .orElse(new String[] {"/"})));
        restricted.addAll(extraRestricted());
        b.restrictedDirs(restricted.stream().distinct().toArray(String[]::new));
        data.limitMb().ifPresent(limit -> {
            try {
                b.limitMb(Long.parseLong(limit));
            } catch (NumberFormatException e) {
                throw new OneDriverException("LIMIT_MB = \"" + limit + "\" is not a whole number of MB; fix the"
                        + " datastore's LIMIT_MB");
            }
        });
        return b.build();
    }

    /**
     * What OpenNebula's own drivers restrict besides RESTRICTED_DIRS: its state and
     * configuration, and the home of the user the driver runs as (oneadmin); plus BASE_PATH,
     * so a datastore never registers itself.
     */
    private List<String> extraRestricted() {
        List<String> extra = new ArrayList<>(List.of("/var/lib/one", "/etc/one"));
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        if (home != null && home.startsWith("/") && !home.equals("/")) {
            extra.add(home);
        }
        extra.add(data.basePath().toString());
        return extra;
    }

    private static String[] dirs(String value) {
        String[] parts = value.strip().split("[,\\s]+");
        for (String p : parts) {
            if (!p.startsWith("/")) {
                throw new OneDriverException("SAFE_DIRS and RESTRICTED_DIRS take absolute directories, not '" + p
                        + "'; fix the datastore's template");
            }
        }
        return parts;
    }

    private PathPolicy policy() {
        DatastoreSpec spec = spec();
        return new PathPolicy(spec.safeDirs(), spec.restrictedDirs());
    }

    /** {@code one-<IMAGE/ID>}, so the catalog names the OpenNebula image each directory belongs to. */
    private String imageName() {
        return "one-" + data.imageId().filter(id -> id.matches("[0-9]{1,10}"))
                .orElseThrow(() -> new OneDriverException("IMAGE/ID is missing or not a number in "
                        + OneActionData.ROOT + "; oned always sends it: check what calls the driver"));
    }

    /**
     * Drops the catalog entries of imports whose process was killed: opening the datastore
     * already removed their half trees and marked them ERROR; oned knows no SOURCE for them,
     * so nothing else would ever remove them.
     */
    private void dropInterrupted(Datastore ds) {
        for (Image image : ds.images().list()) {
            if (image.state() == ImageState.ERROR) {
                try {
                    ds.images().delete(image);
                } catch (ImageNotFoundException | ImageStateException e) {
                    continue; // another driver process dropped or took it meanwhile
                }
                log.info("dropped image " + image.id() + " (" + image.name() + ") left by an interrupted action: "
                        + image.error().orElse("no reason recorded"));
            }
        }
    }

    private static Optional<Image> byPath(Datastore ds, String source) {
        Path wanted = Path.of(source).normalize();
        return ds.images().list().stream().filter(i -> i.path().normalize().equals(wanted)).findFirst();
    }

    /** A SharedFS SOURCE is exactly {@code BASE_PATH/<number>}: anything else is refused before any lookup. */
    private static void requireImageDirectory(Datastore ds, Path path) {
        if (!path.startsWith(ds.basePath()) || path.equals(ds.basePath())) {
            throw new OneDriverException("SOURCE " + path + " is outside BASE_PATH " + ds.basePath()
                    + ", so rm refuses to touch it; this driver removes only images of its own datastore");
        }
        if (!ds.basePath().equals(path.getParent()) || !path.getFileName().toString().matches("[0-9]{1,10}")) {
            throw new OneDriverException("SOURCE " + path + " is no image directory of BASE_PATH " + ds.basePath()
                    + " (those are BASE_PATH/<number>), so rm refuses to touch it");
        }
    }

    private static Path absolute(String value, String action) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new OneDriverException(action + ": '" + value + "' is not a valid path (" + e.getReason() + ")");
        }
        if (!path.isAbsolute()) {
            throw new OneDriverException(action + ": '" + value + "' is not an absolute path; oned passes absolute"
                    + " paths, give one");
        }
        return path.normalize();
    }

    private static OneDriverException whitespaceSource(String source) {
        return new OneDriverException("the image directory '" + source + "' contains whitespace, and oned splits the"
                + " answer of cp (SOURCE FORMAT) on whitespace; it is not registered: register a directory without"
                + " spaces in its path");
    }

    private OneDriverException unknownSource(String action, String source, Datastore ds) {
        return new OneDriverException(action + ": no image of the datastore at " + ds.basePath() + " has SOURCE "
                + source + "; check that the image belongs to this datastore");
    }

    private OneDriverException unsupportedScheme(String source) {
        String scheme = SCHEME.matcher(source).results().map(r -> r.group(1)).findFirst().orElse("")
                .toLowerCase(Locale.ROOT);
        return new OneDriverException(scheme + ":// sources are not supported by this datastore (" + kind.dsMad()
                + ": " + source + "); " + (kind == DatastoreKind.SHARED_FS
                ? "register a local directory, a tarball or an hf:// repository"
                : "a VirtioFS datastore registers local directories in place; use a SharedFS datastore for hf://"));
    }
}
