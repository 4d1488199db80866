package io.virtshare.internal.backend;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.spi.Backend;
import io.virtshare.spi.BackendContext;
import io.virtshare.spi.BackendProvider;
import io.virtshare.storage.Pools;
import io.virtshare.vm.Vms;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Backend providers that exist only for the choice tests, registered through a class loader
 * over a temporary directory that holds a {@code META-INF/services} file naming them: the
 * test class path itself registers none, so other tests see only the SDK's backends.
 */
public final class TestBackends {
    private TestBackends() {
    }

    /** A class loader that finds the SDK's providers and {@code providers} through {@link java.util.ServiceLoader}. */
    public static ClassLoader loaderWith(Path dir, Class<?>... providers) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(BackendProvider.class.getName()),
                Arrays.stream(providers).map(Class::getName).collect(Collectors.joining("\n", "", "\n")));
        try {
            return new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, TestBackends.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IOException(e);
        }
    }

    /** A provider with fixed answers; its backend reports its name and context and does nothing else. */
    abstract static class Fixed implements BackendProvider {
        private final String name;
        private final boolean automatic;
        private final Optional<String> unavailable;

        Fixed(String name, boolean automatic, Optional<String> unavailable) {
            this.name = name;
            this.automatic = automatic;
            this.unavailable = unavailable;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String module() {
            return "com.example:" + name + "-backend";
        }

        @Override
        public boolean automatic() {
            return automatic;
        }

        @Override
        public Optional<String> unavailable() {
            return unavailable;
        }

        @Override
        public Backend open(BackendContext context) {
            return new Named(name, context.uri().orElse(context.home().toString()));
        }
    }

    /** An automatic backend that can run. */
    public static final class AutoA extends Fixed {
        public AutoA() {
            super("auto-a", true, Optional.empty());
        }
    }

    /** A second automatic backend that can run. */
    public static final class AutoB extends Fixed {
        public AutoB() {
            super("auto-b", true, Optional.empty());
        }
    }

    /** An automatic backend that cannot run here. */
    public static final class Broken extends Fixed {
        public Broken() {
            super("broken", true, Optional.of("libbroken.so.1 is not installed; install the libbroken1 package"));
        }
    }

    /** A backend only chosen by name. */
    public static final class Manual extends Fixed {
        public Manual() {
            super("manual", false, Optional.empty());
        }
    }

    private record Named(String name, String target) implements Backend {
        @Override
        public LibvirtFeatures features() {
            return LibvirtFeatures.unknown();
        }

        @Override
        public Pools pools() {
            throw refused();
        }

        @Override
        public Vms vms() {
            throw refused();
        }

        private BackendException refused() {
            return new BackendException(name, target, "use", null, BackendFailure.NOT_SUPPORTED,
                    "the test backend " + name + " only proves it was chosen; use xml-files for storage", null);
        }

        @Override
        public void close() {
        }
    }
}
