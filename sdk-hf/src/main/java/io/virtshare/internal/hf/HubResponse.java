package io.virtshare.internal.hf;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A successful (200 or 206) response whose body is still to be read; holds one
 * connection slot of its host until closed.
 */
public final class HubResponse implements AutoCloseable {
    private final int status;
    private final ResponseHeaders headers;
    private final InputStream body;
    private final URI uri;
    private final ResponseHeaders redirect;
    private final AdaptiveLimit slot;
    private final AtomicBoolean closed = new AtomicBoolean();

    HubResponse(int status, ResponseHeaders headers, InputStream body, URI uri, ResponseHeaders redirect,
            AdaptiveLimit slot) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.uri = uri;
        this.redirect = redirect;
        this.slot = slot;
    }

    public int status() {
        return status;
    }

    public InputStream body() {
        return body;
    }

    /** Where the content came from after redirects (a CDN URL for LFS files). */
    public URI uri() {
        return uri;
    }

    public Optional<String> header(String name) {
        return headers.value(name);
    }

    /** A header of the redirect that led here (X-Linked-Etag, X-Linked-Size), if there was one. */
    public Optional<String> redirectHeader(String name) {
        return redirect == null ? Optional.empty() : redirect.value(name);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                body.close();
            } catch (IOException e) {
                // the connection is dropped either way
            } finally {
                slot.release();
            }
        }
    }
}
