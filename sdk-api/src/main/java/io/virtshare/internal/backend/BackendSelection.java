package io.virtshare.internal.backend;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.spi.BackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Chooses the backend a {@code VirtShare} opens: a name the user gave always wins; otherwise
 * the one available automatic provider; with none, {@code xml-files}; with two or more, an
 * error that names them and says how to choose.
 */
public final class BackendSelection {
    /** The system property that names a backend when the builder names none. */
    public static final String PROPERTY = "virtshare.backend";
    /** The backend used when nothing else is chosen or found. */
    public static final String FALLBACK = "xml-files";

    private final List<BackendProvider> providers;

    private BackendSelection(List<BackendProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The providers {@link ServiceLoader} finds through {@code loader}. */
    public static BackendSelection load(ClassLoader loader) {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, loader).forEach(found::add);
        return new BackendSelection(found);
    }

    /** A selection among exactly these providers (for tests and explicit setups). */
    public static BackendSelection of(List<BackendProvider> providers) {
        return new BackendSelection(providers);
    }

    /** The providers found, in the order found. */
    public List<BackendProvider> providers() {
        return providers;
    }

    /**
     * The provider to open.
     *
     * @param chosen the name the user gave, if any (else the system property is read)
     * @throws BackendException naming what to do when the choice is unknown, unavailable or ambiguous
     */
    public BackendProvider choose(Optional<String> chosen) {
        if (chosen.isPresent()) {
            return named(chosen.get(), "VirtShare.builder().backend(\"" + chosen.get() + "\")");
        }
        Optional<String> property = Optional.ofNullable(System.getProperty(PROPERTY)).filter(s -> !s.isBlank());
        if (property.isPresent()) {
            return named(property.get(), "-D" + PROPERTY + "=" + property.get());
        }
        List<BackendProvider> automatic = providers.stream()
                .filter(BackendProvider::automatic)
                .filter(p -> p.unavailable().isEmpty())
                .toList();
        if (automatic.size() > 1) {
            String first = automatic.get(0).name();
            throw new BackendException("virtshare", "(none chosen)", "choose backend", null,
                    BackendFailure.INVALID_REQUEST, "two or more backends could serve and none was chosen: "
                            + described(automatic) + "; choose one with VirtShare.builder().backend(\"" + first
                            + "\") or -D" + PROPERTY + "=" + first + ", or keep only one of their artifacts on the"
                            + " class path", null);
        }
        if (automatic.size() == 1) {
            return automatic.get(0);
        }
        return named(FALLBACK, "the fallback when no backend is chosen or found");
    }

    private BackendProvider named(String given, String source) {
        String name = given.strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new BackendException("virtshare", "(none chosen)", "choose backend", null,
                    BackendFailure.INVALID_REQUEST, "the backend name given by " + source + " is blank; give one of "
                            + described(providers) + ", or none to let the SDK choose", null);
        }
        List<BackendProvider> matches = providers.stream().filter(p -> p.name().equals(name)).toList();
        if (matches.isEmpty()) {
            String hint = name.equals("libvirt") ? "; the libvirt backend is in the artifact io.virtshare:sdk-libvirt:"
                    + " add it to the class path (runtime scope is enough)" : "; add the artifact that provides it to"
                    + " the class path, or choose one of those";
            throw new BackendException(name, "(not found)", "choose backend", null, BackendFailure.UNAVAILABLE,
                    "no backend called '" + name + "' (named by " + source + ") is on the class path; found: "
                            + described(providers) + hint, null);
        }
        if (matches.size() > 1) {
            String modules = matches.stream().map(BackendProvider::module).collect(Collectors.joining(", "));
            throw new BackendException(name, "(ambiguous)", "choose backend", null, BackendFailure.INVALID_REQUEST,
                    "two or more providers call themselves '" + name + "' (" + modules + "); keep one of them on the"
                            + " class path, or pass the provider itself to VirtShare.builder().backend(provider)",
                    null);
        }
        BackendProvider provider = matches.get(0);
        Optional<String> reason = provider.unavailable();
        if (reason.isPresent()) {
            throw new BackendException(name, "(unavailable)", "choose backend", null, BackendFailure.UNAVAILABLE,
                    "the " + name + " backend (" + provider.module() + ", named by " + source + ") cannot run here: "
                            + reason.get() + "; fix that, or choose another backend (found: " + described(providers)
                            + ")", null);
        }
        return provider;
    }

    /** {@code name (module), …} of {@code found}, sorted by name; {@code none} when empty. */
    private static String described(List<BackendProvider> found) {
        return found.isEmpty() ? "none" : found.stream().sorted(java.util.Comparator.comparing(BackendProvider::name))
                .map(p -> p.name() + " (" + p.module() + ")").collect(Collectors.joining(", "));
    }
}
