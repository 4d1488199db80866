package io.virtshare.testkit.qemu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * QMP spoken to a QEMU's monitor socket from outside the SDK, as an operator's tool does
 * (qmp-shell, socat): one command per connection, or a connection held open. Every exchange
 * is bounded by {@link #TIMEOUT}.
 *
 * <pre>{@code
 * QmpClient.execute(vs.stateDirectory("web1").resolve("qmp.sock"), "stop");
 * }</pre>
 */
final class QmpClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final SocketChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private QmpClient(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects, runs {@code command} (no arguments) and disconnects; returns QEMU's answer line. */
    static String execute(Path socket, String command) {
        try (QmpClient qmp = hold(socket)) {
            return qmp.bounded(() -> qmp.run(command));
        }
    }

    /**
     * Connects and enters command mode, holding QEMU's monitor (it serves one client at a
     * time) until closed.
     */
    static QmpClient hold(Path socket) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to QMP socket " + socket, e);
        }
        QmpClient qmp = new QmpClient(channel);
        try {
            qmp.bounded(() -> {
                String greeting = qmp.readLine();
                if (!greeting.contains("\"QMP\"")) {
                    throw new IOException("not a QMP greeting: " + greeting);
                }
                return qmp.run("qmp_capabilities");
            });
        } catch (RuntimeException e) {
            qmp.close();
            throw e;
        }
        return qmp;
    }

    private String run(String command) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(("{\"execute\": \"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        while (true) {
            String line = readLine();
            if (line.contains("\"error\"")) {
                throw new IOException(command + " failed: " + line);
            }
            if (line.contains("\"return\"")) {
                return line;
            }
            // an event: read on
        }
    }

    private String readLine() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("QEMU closed its QMP socket");
            }
            if (one.get(0) == '\n') {
                String line = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                return line;
            }
            pending.write(one.get(0));
        }
    }

    /** Runs {@code exchange} in at most {@link #TIMEOUT}; past it the socket is closed. */
    private String bounded(Exchange exchange) {
        CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
            try {
                return exchange.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("QEMU did not answer on QMP within " + TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking QMP", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // a socket we no longer use
        }
    }

    private interface Exchange {
        String run() throws IOException;
    }
}
