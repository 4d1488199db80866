package io.virtshare.datastore;

import io.virtshare.internal.archive.ArchiveFormat;
import io.virtshare.internal.archive.ExtractionLimits;
import io.virtshare.internal.archive.ExtractionResult;
import io.virtshare.internal.archive.SafeExtractor;
import io.virtshare.internal.catalog.ImageRecord;
import io.virtshare.internal.files.CopyResult;
import io.virtshare.internal.files.TreeCopier;
import io.virtshare.internal.files.TreeUsage;
import io.virtshare.internal.paths.PathPolicy;
import io.virtshare.spi.ImportOutcome;
import io.virtshare.spi.SourceImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registering: a local directory (copied, or in place for VirtioFS), an archive (extracted
 * safely) or a URI a {@link SourceImporter} handles; see {@link Images#register(String, ImportOptions)}.
 */
final class ImageRegistration {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final long MAX_ENTRIES = 10_000_000;

    private final ImageEntries entries;
    private final ImageStaging staging;
    private final Datastore datastore;

    ImageRegistration(ImageEntries entries, ImageStaging staging) {
        this.entries = entries;
        this.staging = staging;
        this.datastore = entries.datastore();
    }

    Image register(String source, ImportOptions options) {
        try {
            return registerHere(source, options);
        } catch (PathNotAllowedException | ArchiveRejectedException e) {
            throw entries.located(e);
        }
    }

    private Image registerHere(String source, ImportOptions options) {
        Objects.requireNonNull(options, "options");
        if (source == null || source.isBlank()) {
            throw entries.error(DatastoreFailure.INVALID_INPUT, "no source given; register a directory, a tarball"
                    + " or an hf:// URI", null);
        }
        Matcher scheme = SCHEME.matcher(source);
        if (scheme.find()) {
            if (options.stripTopLevelFolder()) {
                throw notAnArchive(source + " is a " + scheme.group(1) + ":// source");
            }
            return registerRemote(source, scheme.group(1).toLowerCase(Locale.ROOT), options);
        }
        Path requested;
        try {
            requested = Path.of(source);
        } catch (java.nio.file.InvalidPathException e) {
            throw entries.error(DatastoreFailure.INVALID_INPUT, "'" + source + "' is not a valid path ("
                    + e.getReason() + "); register a directory, a tarball or an hf:// URI", e);
        }
        PathPolicy policy = new PathPolicy(datastore.spec().safeDirs(), datastore.spec().restrictedDirs());
        Path real = policy.check(requested);
        Path absolute = requested.toAbsolutePath();
        String named = PathPolicy.named(requested);
        if (options.stripTopLevelFolder() && !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw notAnArchive(named + " is not an archive file");
        }
        if (options.stripTopLevelFolder() && datastore.spec().noDecompress()) {
            throw notAnArchive("datastore " + datastore.spec().name() + " has NO_DECOMPRESS = YES, so "
                    + named + " would be copied as a file, not extracted");
        }
        String recorded = requested.isAbsolute() ? source : absolute.normalize().toString();
        if (datastore.kind() == DatastoreKind.VIRTIO_FS) {
            return registerInPlace(absolute, recorded, named, real, policy, options);
        }
        String name = ImageStaging.defaultName(real.getFileName());
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            return staging.stage("import", recorded, name, options, (staged, ctx) -> {
                CopyResult copied = TreeCopier.copy(real, staged, ctx.maxBytes(), ctx.limitName(), ctx.progress(),
                        ctx.cancellation());
                recheck(policy, absolute, real);
                return new ImageStaging.Produced(ImportOutcome.none(), copied.files());
            });
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw entries.error(DatastoreFailure.INVALID_INPUT, named + " is neither a directory nor a file;"
                    + " register a directory or an archive (" + ArchiveFormat.supported() + ")", null);
        }
        if (datastore.spec().noDecompress()) {
            return staging.stage("import", recorded, name, options, (staged, ctx) -> {
                Files.createDirectory(staged);
                Files.copy(real, staged.resolve(real.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                recheck(policy, absolute, real);
                return new ImageStaging.Produced(ImportOutcome.none(), 1);
            });
        }
        return staging.stage("import", recorded, name, options, (staged, ctx) -> {
            ExtractionResult extracted = SafeExtractor.extract(real, staged, ExtractionLimits.of(ctx.maxBytes(),
                    MAX_ENTRIES, ctx.limitName()), options.stripTopLevelFolder(), ctx.progress(), ctx.cancellation());
            recheck(policy, absolute, real);
            return new ImageStaging.Produced(ImportOutcome.none(), extracted.files());
        });
    }

    private DatastoreException notAnArchive(String what) {
        return entries.error(DatastoreFailure.INVALID_INPUT, "stripping the top-level folder applies to archives"
                + " that are extracted, and " + what + "; register it without stripping the top-level folder", null);
    }

    /** The source must still resolve to what was judged, or the copy is discarded. */
    private static void recheck(PathPolicy policy, Path source, Path judged) {
        Path now = policy.check(source);
        if (!now.equals(judged)) {
            throw new PathNotAllowedException(source, source + " changed while it was read (it now"
                    + " resolves to " + now + " instead of " + judged + "); nothing was registered");
        }
    }

    private Image registerRemote(String source, String scheme, ImportOptions options) {
        if (datastore.kind() == DatastoreKind.VIRTIO_FS) {
            throw new UnsupportedSourceException(entries.context(), "VirtioFS datastore " + datastore.spec().name()
                    + " registers local directories in place and cannot import " + source + "; use a SharedFS"
                    + " datastore");
        }
        SourceImporter importer = options.importer().filter(i -> i.scheme().equalsIgnoreCase(scheme))
                .orElseGet(() -> importer(scheme, source));
        String name = ImageStaging.defaultName(
                Path.of(source.replaceAll("[@?#].*$", "").replaceAll("/+$", "")).getFileName());
        return staging.stage("import", source, name, options, (staged, ctx) -> {
            Files.createDirectory(staged);
            ImportOutcome outcome = importer.importInto(source, staged, ctx);
            // the files it hashed, a count good enough to choose how to sync
            return new ImageStaging.Produced(outcome, outcome.files().isEmpty() ? ImageStaging.Produced.UNCOUNTED
                    : outcome.files().size());
        });
    }

    private SourceImporter importer(String scheme, String source) {
        List<SourceImporter> found = new ArrayList<>();
        for (SourceImporter candidate : ServiceLoader.load(SourceImporter.class)) {
            if (candidate.scheme().equalsIgnoreCase(scheme)) {
                found.add(candidate);
            }
        }
        if (found.size() > 1) {
            throw new UnsupportedSourceException(entries.context(), "two importers handle " + scheme + "://: "
                    + found.stream().map(i -> i.getClass().getName()).toList()
                    + "; keep one of them on the class path");
        }
        if (found.isEmpty()) {
            if (scheme.equals("hf")) {
                throw new UnsupportedSourceException(entries.context(), "hf:// sources need the Hugging Face"
                        + " importer: add the dependency io.virtshare:sdk-hf to the class path");
            }
            throw new UnsupportedSourceException(entries.context(), scheme + ":// sources are not supported ("
                    + source + "); register a local directory, a tarball (" + ArchiveFormat.supported()
                    + ") or an hf:// repository");
        }
        return found.get(0);
    }

    private Image registerInPlace(Path source, String recorded, String named, Path real, PathPolicy policy,
            ImportOptions options) {
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw entries.error(DatastoreFailure.UNSUPPORTED_SOURCE, "VirtioFS datastore " + datastore.spec().name()
                    + " registers directories in place; " + named + " is not a directory (import archives into a"
                    + " SharedFS datastore)", null);
        }
        try {
            TreeUsage usage = TreeUsage.of(real);
            recheck(policy, source, real);
            ImageStaging.Claimed claimed = staging.claim(
                    options.name().orElse(ImageStaging.defaultName(real.getFileName())), options.name().isPresent());
            ImageRecord record = new ImageRecord(claimed.id(), claimed.name(), ImageState.READY, real.toString(),
                    recorded, usage.apparentBytes(), usage.allocatedBytes(), usage.files(), null, null,
                    System.currentTimeMillis(), null, List.of(), 0);
            entries.catalog().write(record);
            return record.toImage(real);
        } catch (IOException e) {
            throw entries.error(DatastoreFailure.IO, "cannot register " + named + ": " + e.getMessage(), e);
        }
    }
}
