package io.virtshare.spi;

import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link BackendProvider} is given to open a backend: the SDK's home directory, the
 * target URI when the user named one, and how long connecting may take.
 *
 * <pre>{@code
 * Backend backend = provider.open(new BackendContext(home, Optional.of("qemu:///system"), Duration.ofSeconds(30)));
 * }</pre>
 *
 * @param home the directory the SDK keeps its state in (VM state directories, files the
 *     XML-files backend writes); absolute
 * @param uri the target the user named (e.g. a libvirt URI), if any
 * @param connectTimeout how long connecting to the target may take
 */
public record BackendContext(Path home, Optional<String> uri, Duration connectTimeout) {
    public BackendContext {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (!home.isAbsolute()) {
            throw new InvalidSpecException("the virtshare home directory must be absolute, not '" + home + "'");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new InvalidSpecException("connect timeout must be positive, not " + connectTimeout);
        }
    }
}
