package io.virtshare.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShare;
import io.virtshare.VirtShareException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part of the backend contract every backend shares (docker-java's transport TCK is the
 * model): how the test opens a {@link VirtShare} on the backend, what the backend says it can
 * do, cleanup of what a test made, and the checks on the entry itself (name, target,
 * idempotent close). Extend {@link StorageContract} and {@link VmContract}, not this class.
 *
 * <p>Each test opens a fresh {@code VirtShare} with {@link #open(Path)} on a new temporary
 * home, and closes it afterwards; names are unique per test ({@link #uniqueName(String)}), so
 * a shared target such as {@code qemu:///system} can run the contract, and what a test made
 * is removed again, even when it fails.
 *
 * <pre>{@code
 * class MyBackendStorageContractTest extends StorageContract {
 *     protected VirtShare open(Path home) {
 *         return VirtShare.builder().home(home).backend("my").build();
 *     }
 *     protected Set<BackendCapability> capabilities() {
 *         return EnumSet.of(BackendCapability.VOLUME_DATA);
 *     }
 * }
 * }</pre>
 */
public abstract class BackendContract {
    /** The backends of this SDK, for checking that a refusal names one that can. */
    private static final List<String> BACKENDS = List.of("libvirt", "qemu", "xml-files");

    /** The temporary home of the current test's {@link VirtShare}. */
    @TempDir
    protected Path home;

    /** The {@link VirtShare} on the backend under test, opened before each test. */
    protected VirtShare vs;

    private final Deque<Runnable> cleanups = new ArrayDeque<>();

    /**
     * Opens a {@link VirtShare} on the backend under test with {@code home} as its home.
     * Called once before each test.
     */
    protected abstract VirtShare open(Path home);

    /** What the backend can do beyond writing definitions; the contract tests both sides. */
    protected abstract Set<BackendCapability> capabilities();

    /** Whether the backend has {@code capability}. */
    protected final boolean can(BackendCapability capability) {
        return capabilities().contains(capability);
    }

    @BeforeEach
    final void openBackend() {
        vs = open(home);
    }

    @AfterEach
    final void cleanUpAndClose() {
        RuntimeException first = null;
        while (!cleanups.isEmpty()) {
            try {
                cleanups.pop().run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        vs.close();
        if (first != null) {
            throw first;
        }
    }

    /** Runs {@code cleanup} after the test (last registered first), while the VirtShare is still open. */
    protected final void afterTest(Runnable cleanup) {
        cleanups.push(cleanup);
    }

    /**
     * A name no other test run uses: {@code vs-<base>-<8 hex digits>}, valid for pools,
     * volumes and VMs on every backend.
     */
    protected static String uniqueName(String base) {
        return "vs-" + base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Runs {@code call} and checks that it throws a {@link BackendException} of kind
     * {@code failure} whose message contains each of {@code fragments}.
     */
    protected static BackendException assertFailure(BackendFailure failure, Executable call, String... fragments) {
        BackendException e = assertThrows(BackendException.class, call);
        assertEquals(failure, e.failure(), () -> "the failure kind of: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "the message should contain '" + fragment + "': " + e.getMessage());
        }
        return e;
    }

    /**
     * Runs {@code call} and checks that the backend refuses it with
     * {@link BackendFailure#NOT_SUPPORTED} and a message naming another backend, that can.
     */
    protected final BackendException assertNotSupported(Executable call) {
        BackendException e = assertFailure(BackendFailure.NOT_SUPPORTED, call);
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        assertTrue(BACKENDS.stream().filter(b -> !b.equals(vs.backend())).anyMatch(message::contains),
                () -> "a NOT_SUPPORTED message should name a backend that can (one of " + BACKENDS + " other than "
                        + vs.backend() + "): " + e.getMessage());
        assertEquals(vs.backend(), e.backend(), "the backend the exception names");
        return e;
    }

    @Test
    void backend_namesItselfAndItsTarget() {
        assertFalse(vs.backend().isBlank(), "the backend's name");
        assertFalse(vs.target().isBlank(), "the backend's target");
        assertEquals(vs.backend(), vs.backend().toLowerCase(Locale.ROOT), "backend names are lower case");
    }

    @Test
    void close_isIdempotent() {
        vs.close();
        vs.close();
    }

    @Test
    void afterClose_storageAndVmCallsFail() {
        vs.close();

        VirtShareException pools = assertThrows(VirtShareException.class, () -> vs.pools().list());
        VirtShareException vms = assertThrows(VirtShareException.class, () -> vs.vms().list());
        assertFalse(pools.getMessage().isBlank(), "the message says what happened");
        assertFalse(vms.getMessage().isBlank(), "the message says what happened");
    }
}
