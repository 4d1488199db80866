package io.virtshare.architecture;

import io.virtshare.internal.shared.CommandResult;
import java.util.List;
import java.util.Optional;

/** Types that do and do not leak internals, to test the architecture rule itself. */
public final class Fixtures {
    private Fixtures() {
    }

    public static final class LeaksReturn {
        public CommandResult leak() {
            return null;
        }
    }

    public record LeaksGeneric(List<Optional<CommandResult>> results) {
        public void take(Optional<? extends CommandResult> result) {
        }
    }

    public static final class HidesInternals {
        private CommandResult kept;

        private CommandResult internal() {
            return kept;
        }

        public String describe() {
            return String.valueOf(internal());
        }
    }

    static final class PackagePrivate {
        public CommandResult leak() {
            return null;
        }
    }
}
