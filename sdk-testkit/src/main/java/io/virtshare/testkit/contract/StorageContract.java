package io.virtshare.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtshare.BackendFailure;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolState;
import io.virtshare.storage.PoolTarget;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.Size;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The storage half of the backend contract: pools defined, created, found, listed, stopped
 * and undefined; volumes created, found, listed, cloned and deleted; unknown names
 * {@link BackendFailure#NOT_FOUND} through {@code get} and empty through {@code find};
 * names taken {@link BackendFailure#ALREADY_EXISTS}; volume data moved when the backend has
 * {@link BackendCapability#VOLUME_DATA}, refused with {@link BackendFailure#NOT_SUPPORTED}
 * naming a backend that can otherwise.
 *
 * <p>The pools are {@code dir} pools in directories below the test's home
 * ({@link #poolSpec(String, Path)}); override the hooks where the target needs other pools
 * or volumes.
 *
 * <pre>{@code
 * class LibvirtStorageContractIT extends StorageContract {
 *     protected VirtShare open(Path home) {
 *         return VirtShare.builder().home(home).backend("libvirt").uri("qemu:///system").build();
 *     }
 *     protected Set<BackendCapability> capabilities() {
 *         return EnumSet.allOf(BackendCapability.class);
 *     }
 * }
 * }</pre>
 */
public abstract class StorageContract extends BackendContract {
    /** The pool spec the tests define: by default a {@code dir} pool with {@code directory} as its target. */
    protected PoolSpec poolSpec(String name, Path directory) {
        return PoolSpec.dir(name).target(directory).build();
    }

    /** The volume spec the tests create: by default a 1 MiB raw volume. */
    protected VolumeSpec volumeSpec(String name) {
        return VolumeSpec.builder(name).capacity(Size.mib(1)).target(VolumeTarget.of(FormatType.RAW)).build();
    }

    /** Defines a pool with a unique name (removed again after the test). */
    protected final Pool definePool(String base) {
        String name = uniqueName(base);
        Pool pool = vs.pools().define(poolSpec(name, home.resolve("pools").resolve(name)));
        afterTest(() -> removePool(name));
        return pool;
    }

    /** Defines, builds and starts a pool with a unique name (removed again after the test). */
    protected final Pool createPool(String base) {
        String name = uniqueName(base);
        Pool pool = vs.pools().create(poolSpec(name, home.resolve("pools").resolve(name)));
        afterTest(() -> removePool(name));
        return pool;
    }

    private void removePool(String name) {
        Optional<Pool> left = vs.pools().find(name);
        if (left.isEmpty()) {
            return;
        }
        Pool pool = left.get();
        if (pool.isActive()) {
            pool.volumes().list().forEach(Volume::delete);
            pool.stop();
        }
        pool.undefine();
    }

    @Test
    void define_makesAPoolThatFindGetAndListSee() {
        Pool pool = definePool("define");

        assertEquals(pool.name(), vs.pools().get(pool.name()).name());
        assertEquals(Optional.of(pool.name()), vs.pools().find(pool.name()).map(Pool::name));
        assertTrue(vs.pools().list().stream().anyMatch(p -> p.name().equals(pool.name())), "list() has the pool");
    }

    @Test
    void define_readsBackTheDefinition() {
        Pool pool = definePool("spec");

        PoolSpec spec = pool.spec();
        assertEquals(Optional.of(pool.name()), spec.name());
        assertEquals(PoolType.DIR, pool.type());
        assertEquals(home.resolve("pools").resolve(pool.name()).toString(),
                spec.target().flatMap(PoolTarget::path).orElseThrow());
        assertFalse(pool.uuid().isBlank(), "the target gives the pool a UUID");
        assertTrue(pool.xml().contains(pool.name()), "the XML names the pool: " + pool.xml());
    }

    @Test
    void define_leavesThePoolStopped() {
        Pool pool = definePool("stopped");

        assertFalse(pool.isActive());
        assertEquals(PoolState.INACTIVE, pool.info().state());
        assertTrue(pool.info().persistent(), "a defined pool is persistent");
    }

    @Test
    void create_startsThePool() {
        Pool pool = createPool("create");

        assertTrue(pool.isActive());
        assertEquals(PoolState.RUNNING, pool.info().state());
    }

    @Test
    void define_whenTheNameIsTaken_failsWithAlreadyExists() {
        Pool pool = definePool("taken");

        assertFailure(BackendFailure.ALREADY_EXISTS,
                () -> vs.pools().define(poolSpec(pool.name(), home.resolve("other"))), pool.name());
    }

    @Test
    void get_whenThereIsNoSuchPool_failsWithNotFoundNamingIt() {
        String name = uniqueName("missing");

        assertFailure(BackendFailure.NOT_FOUND, () -> vs.pools().get(name), name);
    }

    @Test
    void find_whenThereIsNoSuchPool_isEmpty() {
        assertEquals(Optional.empty(), vs.pools().find(uniqueName("missing")));
    }

    @Test
    void list_isSortedByName() {
        definePool("b-list");
        definePool("a-list");

        List<String> names = vs.pools().list().stream().map(Pool::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
    }

    @Test
    void stopThenUndefine_removesThePool() {
        Pool pool = createPool("undefine");

        pool.stop();
        pool.undefine();

        assertEquals(Optional.empty(), vs.pools().find(pool.name()));
        assertFailure(BackendFailure.NOT_FOUND, () -> vs.pools().get(pool.name()), pool.name());
    }

    @Test
    void autostart_isRemembered() {
        Pool pool = definePool("autostart");

        pool.autostart(true);
        assertTrue(vs.pools().get(pool.name()).autostart());
        pool.autostart(false);
        assertFalse(vs.pools().get(pool.name()).autostart());
    }

    @Test
    void createVolume_makesAVolumeThatFindGetAndListSee() {
        Pool pool = createPool("volumes");

        Volume volume = pool.volumes().create(volumeSpec("disk1.img"));

        assertEquals("disk1.img", volume.name());
        assertEquals("disk1.img", pool.volumes().get("disk1.img").name());
        assertEquals(Optional.of("disk1.img"), pool.volumes().find("disk1.img").map(Volume::name));
        assertEquals(List.of("disk1.img"), pool.volumes().list().stream().map(Volume::name).toList());
        assertEquals(Size.mib(1).bytes(), volume.info().capacity().bytes());
        assertEquals(Size.mib(1).bytes(), volume.spec().capacity().orElseThrow().bytes());
        assertTrue(volume.xml().contains("disk1.img"), "the XML names the volume: " + volume.xml());
    }

    @Test
    void createVolume_whenTheNameIsTaken_failsWithAlreadyExists() {
        Pool pool = createPool("vol-taken");
        pool.volumes().create(volumeSpec("disk1.img"));

        assertFailure(BackendFailure.ALREADY_EXISTS, () -> pool.volumes().create(volumeSpec("disk1.img")),
                "disk1.img");
    }

    @Test
    void getVolume_whenThereIsNoSuchVolume_failsWithNotFoundNamingIt() {
        Pool pool = createPool("vol-missing");

        assertFailure(BackendFailure.NOT_FOUND, () -> pool.volumes().get("nothing.img"), "nothing.img");
        assertEquals(Optional.empty(), pool.volumes().find("nothing.img"));
    }

    @Test
    void deleteVolume_removesIt() {
        Pool pool = createPool("vol-delete");
        Volume volume = pool.volumes().create(volumeSpec("disk1.img"));

        volume.delete();

        assertEquals(Optional.empty(), pool.volumes().find("disk1.img"));
        assertEquals(List.of(), pool.volumes().list());
    }

    @Test
    void cloneVolume_makesASecondVolumeOfTheSameSize() {
        Pool pool = createPool("vol-clone");
        Volume source = pool.volumes().create(volumeSpec("base.img"));

        Volume copy = pool.volumes().clone(source, "copy.img");

        assertEquals("copy.img", copy.name());
        assertEquals(List.of("base.img", "copy.img"), pool.volumes().list().stream().map(Volume::name).toList());
        assertEquals(source.info().capacity().bytes(), copy.info().capacity().bytes());
        assertFalse(source.path().equals(copy.path()), "a clone is elsewhere: " + copy.path());
    }

    @Test
    void findVolume_byPath_findsItInItsPool() {
        Pool pool = createPool("vol-path");
        Volume volume = pool.volumes().create(volumeSpec("disk1.img"));

        Optional<Volume> found = vs.pools().findVolume(volume.path());

        assertEquals(Optional.of("disk1.img"), found.map(Volume::name));
        assertEquals(pool.name(), found.orElseThrow().pool().name());
        assertEquals(Optional.empty(), vs.pools().findVolume(home.resolve("no-such-volume.img")));
    }

    @Test
    void volumeData_isMovedWhereTheBackendCan_andRefusedNamingAnotherBackendWhereNot() throws IOException {
        Pool pool = createPool("vol-data");
        Volume volume = pool.volumes().create(volumeSpec("data.img"));
        byte[] bytes = new byte[(int) Size.mib(1).bytes()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        Path source = Files.write(home.resolve("upload.bin"), bytes);
        Path target = home.resolve("download.bin");

        if (can(BackendCapability.VOLUME_DATA)) {
            assertEquals(bytes.length, volume.upload(source, UploadOptions.defaults()));
            assertEquals(bytes.length, volume.download(target, DownloadOptions.defaults()));
            assertArrayEquals(bytes, read(target));
        } else {
            assertNotSupported(() -> volume.upload(source, UploadOptions.defaults()));
            assertNotSupported(() -> volume.download(target, DownloadOptions.defaults()));
            assertNotSupported(() -> volume.wipe());
            assertFalse(Files.exists(target), "a refused download writes nothing");
        }
    }

    @Test
    void discoverSources_ofAPoolTypeWithoutDiscovery_isNotSupported() {
        assertFailure(BackendFailure.NOT_SUPPORTED, () -> vs.pools().discoverSources(PoolType.DIR, Optional.empty()));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
