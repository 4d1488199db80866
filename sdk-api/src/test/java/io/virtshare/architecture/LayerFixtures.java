package io.virtshare.architecture;

import io.virtshare.internal.Checks;
import io.virtshare.internal.shared.TreeDeleter;
import java.nio.file.Path;

/** Values and an entry that do and do not run engines, to test the layer rule itself. */
final class LayerFixtures {
    private LayerFixtures() {
    }

    /** A value that runs an engine in a method body (no internal type in any signature). */
    public record RunsAnEngine(Path directory) {
        void wipe() {
            TreeDeleter.deleteQuietly(directory);
        }

        static final class Builder {
            private Path directory;

            RunsAnEngine build() {
                TreeDeleter.deleteQuietly(directory);
                return new RunsAnEngine(directory);
            }
        }
    }

    /** A value whose compact constructor uses an allowed pure helper. */
    public record UsesAPureHelper(String name) {
        public UsesAPureHelper {
            Checks.nonNull(name);
        }
    }

    /** An entry may run engines, also in a private record of its own. */
    static final class AnEntry {
        void wipe(Path directory) {
            TreeDeleter.deleteQuietly(directory);
        }

        record Step(Path directory) {
            void run() {
                TreeDeleter.deleteQuietly(directory);
            }
        }
    }
}
