package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShareException;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.domain.LibvirtVersion;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.xml.XmlCodec;
import io.virtshare.xml.XmlParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to the public entry points of the datastore API gives a {@link VirtShareException}
 * of the documented type, with a message that says what to do, and the datastore errors
 * carry their kind and context.
 */
class DatastoreBadInputTest {
    @TempDir
    Path tmp;

    private Path safe;
    private Path base;
    private Datastore ds;
    private Image image;

    @BeforeEach
    void datastore() throws IOException {
        safe = Files.createDirectories(tmp.resolve("safe"));
        base = tmp.resolve("ds");
        ds = Datastore.create(base, DatastoreSpec.sharedFs("models").safeDirs(safe.toString()).restrictedDirs("/"));
        Path tree = Files.createDirectories(safe.resolve("tiny"));
        Files.writeString(tree.resolve("config.json"), "{}");
        image = ds.images().register(tree.toString());
    }

    record BadInput(String what, ThrowingCallable call, Class<? extends VirtShareException> type, String says) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> valuesGivenBadInput() {
        return Stream.of(
                new BadInput("a template attribute name with a space", () -> Template.empty().with("BAD KEY", "x"),
                        InvalidSpecException.class, "use letters, digits and _"),
                new BadInput("a negative image id", () -> new Image(-1, "x", ImageState.READY, Path.of("/x"), "/x", 0,
                        0, 0, Optional.empty(), Optional.empty(), Instant.EPOCH), InvalidSpecException.class,
                        "must not be negative"),
                new BadInput("a negative libvirt version", () -> LibvirtVersion.decode(-1), InvalidSpecException.class,
                        "virConnectGetLibVersion"),
                new BadInput("negative libvirt version components", () -> new LibvirtVersion(-1, 0, 0),
                        InvalidSpecException.class, "e.g. 9.0.0"),
                new BadInput("negative features version", () -> LibvirtFeatures.of(1, -1, 0),
                        InvalidSpecException.class, "e.g. 9.0.0"),
                new BadInput("a relative SAFE_DIRS entry in a template", () -> DatastoreSpec.fromTemplate(
                        Template.parse("NAME = \"x\"\nDS_MAD = \"sharedfs\"\nSAFE_DIRS = \"relative/dir\"\n")), DatastoreException.class,
                        "give an absolute path"),
                new BadInput("XML that is not XML", () -> XmlCodec.defaults().readPool("<pool"),
                        XmlParseException.class, "")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void valuesGivenBadInput(BadInput bad) {
        assertThatThrownBy(bad.call()).isInstanceOf(bad.type()).hasMessageContaining(bad.says());
    }

    @Test
    void register_whenSourceIsNullOrBlank_isInvalidInputNamingWhatToRegister() {
        for (String source : new String[] {null, "", "   "}) {
            DatastoreException e = catchThrowableOfType(() -> ds.images().register(source), DatastoreException.class);
            assertThat(e).hasMessage("no source given; register a directory, a tarball or an hf:// URI");
            assertThat(e.failure()).isEqualTo(DatastoreFailure.INVALID_INPUT);
            assertThat(e.context().datastore()).contains(base.toAbsolutePath());
        }
    }

    @Test
    void register_whenPathHasNul_isInvalidInputNotInvalidPathException() {
        DatastoreException e = catchThrowableOfType(() -> ds.images().register("/var/tmp/a\0b"),
                DatastoreException.class);
        assertThat(e).hasMessageContaining("is not a valid path").hasMessageContaining("register a directory");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.INVALID_INPUT);
    }

    @Test
    void register_whenExplicitNameIsInvalidOrTaken_saysWhichAndWhatToDo() {
        String source = safe.resolve("tiny").toString();
        DatastoreException invalid = catchThrowableOfType(() -> ds.images().register(source,
                ImportOptions.defaults().withName("../up")), DatastoreException.class);
        assertThat(invalid).hasMessageContaining("image name '../up' is not valid; use 1-128 letters");
        assertThat(invalid.failure()).isEqualTo(DatastoreFailure.INVALID_INPUT);

        DatastoreException taken = catchThrowableOfType(() -> ds.images().register(source,
                ImportOptions.defaults().withName("tiny")), DatastoreException.class);
        assertThat(taken).hasMessageContaining("an image named 'tiny' exists").hasMessageContaining("choose another");
        assertThat(taken.failure()).isEqualTo(DatastoreFailure.ALREADY_EXISTS);
    }

    @Test
    void register_whenSchemeIsUnsupported_carriesTheDatastore() {
        UnsupportedSourceException e = catchThrowableOfType(() -> ds.images().register("s3://bucket/model"),
                UnsupportedSourceException.class);
        assertThat(e).hasMessageContaining("s3:// sources are not supported").hasMessageContaining("hf://");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.UNSUPPORTED_SOURCE);
        assertThat(e.context().datastore()).contains(base.toAbsolutePath());
    }

    @Test
    void register_whenPathIsRestricted_isPathNotAllowed() {
        PathNotAllowedException e = catchThrowableOfType(() -> ds.images().register("/etc"),
                PathNotAllowedException.class);
        assertThat(e).hasMessageContaining("SAFE_DIRS");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.PATH_NOT_ALLOWED);
        assertThat(e.context().datastore()).contains(base.toAbsolutePath());
        assertThat(e.path()).isEqualTo(Path.of("/etc"));
    }

    @Test
    void register_whenArchiveIsBroken_isArchiveRejectedNamingTheDatastore() throws IOException {
        Path broken = Files.write(safe.resolve("broken.tar.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});

        ArchiveRejectedException e = catchThrowableOfType(() -> ds.images().register(broken.toString()),
                ArchiveRejectedException.class);

        assertThat(e.getMessage()).isNotBlank();
        assertThat(e.failure()).isEqualTo(DatastoreFailure.ARCHIVE_REJECTED);
        assertThat(e.context().datastore()).contains(base.toAbsolutePath());
        assertThat(ds.images().list()).extracting(Image::name).containsExactly("tiny");
    }

    @Test
    void open_whenNoDatastoreIsThere_isDatastoreNotFoundNamingThePath() {
        DatastoreException e = catchThrowableOfType(() -> Datastore.open(tmp.resolve("none")),
                DatastoreException.class);

        assertThat(e).hasMessageContaining("no datastore at " + tmp.resolve("none"))
                .hasMessageContaining("create one with Datastore.create");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.DATASTORE_NOT_FOUND);
        assertThat(e.context().datastore()).contains(tmp.resolve("none").toAbsolutePath());
    }

    @Test
    void create_whenADatastoreIsThere_isAlreadyExists() {
        DatastoreException e = catchThrowableOfType(() -> Datastore.create(base, DatastoreSpec.sharedFs("again")),
                DatastoreException.class);

        assertThat(e).hasMessageContaining("already holds a datastore; open it with Datastore.open");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.ALREADY_EXISTS);
    }

    @Test
    void spec_whenNameIsInvalid_isInvalidInput() {
        DatastoreException e = catchThrowableOfType(() -> DatastoreSpec.sharedFs("../x").build(),
                DatastoreException.class);

        assertThat(e).hasMessageContaining("datastore name '../x' is not valid");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.INVALID_INPUT);
    }

    @Test
    void get_whenIdIsUnknown_carriesDatastoreAndImageId() {
        ImageNotFoundException e = catchThrowableOfType(() -> ds.images().get(42), ImageNotFoundException.class);
        assertThat(e).hasMessageContaining("no image 42 in datastore models").hasMessageContaining("list the images");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.IMAGE_NOT_FOUND);
        assertThat(e.context().datastore()).contains(base.toAbsolutePath());
        assertThat(e.context().image()).isEqualTo(OptionalInt.of(42));
    }

    @Test
    void delete_whenImageIsUsed_carriesItsStateAndSaysWhatToDo() {
        ds.images().markUsed(image);

        ImageStateException e = catchThrowableOfType(() -> ds.images().delete(image), ImageStateException.class);

        assertThat(e).hasMessageContaining("is USED and cannot be deleted now; detach it from its VMs first");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.IMAGE_BUSY);
        assertThat(e.context().image()).isEqualTo(OptionalInt.of(image.id()));
        assertThat(e.context().state()).contains(ImageState.USED);
    }

    @Test
    void markUsedThenUnused_makesTheImageUsedThenReadyAgain() {
        assertThat(ds.images().markUsed(image).state()).isEqualTo(ImageState.USED);
        assertThat(ds.images().markUsed(image).state()).isEqualTo(ImageState.USED);
        assertThat(ds.images().markUnused(image).state()).isEqualTo(ImageState.USED);
        assertThat(ds.images().markUnused(image).state()).isEqualTo(ImageState.READY);
        ds.images().delete(image);
        assertThat(ds.images().find(image.id())).isEmpty();
    }

    @Test
    void clone_whenImageComesFromAnotherDatastore_refusesNamingThisDatastore() throws IOException {
        Datastore other = Datastore.create(tmp.resolve("other"),
                DatastoreSpec.sharedFs("other").safeDirs(safe.toString()).restrictedDirs("/"));
        Path tree = Files.createDirectories(safe.resolve("elsewhere"));
        Files.writeString(tree.resolve("a"), "a");
        Image foreign = other.images().register(tree.toString());

        ImageNotFoundException e = catchThrowableOfType(() -> ds.images().clone(foreign, "copy"),
                ImageNotFoundException.class);

        assertThat(e).hasMessageContaining("image " + foreign.id() + " (elsewhere) is not in datastore models")
                .hasMessageContaining("take the image from this datastore's images()");
        assertThat(ds.images().list()).extracting(Image::name).containsExactly("tiny");
    }

    @Test
    void clone_whenStrippingTopLevelFolder_isInvalidInput() {
        DatastoreException e = catchThrowableOfType(() -> ds.images().clone(image,
                ImportOptions.defaults().withStripTopLevelFolder(true)), DatastoreException.class);
        assertThat(e).hasMessageContaining("not to cloning image " + image.id() + "; clone without it");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.INVALID_INPUT);
    }

    @Test
    void clone_onVirtioFs_isNotSupportedAndSaysToUseSharedFs() throws IOException {
        Datastore virtio = Datastore.create(tmp.resolve("virtio"),
                DatastoreSpec.virtioFs("inplace").tmMad("local").safeDirs(safe.toString()).restrictedDirs("/"));
        Image inPlace = virtio.images().register(safe.resolve("tiny").toString());

        DatastoreException e = catchThrowableOfType(() -> virtio.images().clone(inPlace, "x"),
                DatastoreException.class);

        assertThat(e).hasMessageContaining("does not support").hasMessageContaining("use a SharedFS datastore");
        assertThat(e.failure()).isEqualTo(DatastoreFailure.NOT_SUPPORTED);
    }

    @Test
    void delete_whenCancelledBeforehand_keepsTheImage() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        assertThatThrownBy(() -> ds.images().delete(image, DeleteOptions.defaults().withCancellation(cancellation)))
                .isInstanceOf(OperationCancelledException.class).hasMessageContaining("deleting image " + image.id());

        assertThat(ds.images().get(image.id()).state()).isEqualTo(ImageState.READY);
        assertThat(image.path().resolve("config.json")).exists();
    }

    @Test
    void delete_reportsProgressThroughItsOptions() {
        java.util.List<io.virtshare.progress.Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        ds.images().delete(image, DeleteOptions.defaults().withProgress(seen::add));

        assertThat(seen).isNotEmpty();
        assertThat(image.path()).doesNotExist();
    }
}
