package io.virtshare.internal.backend.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A QEMU Machine Protocol session on QEMU's unix socket: greeting, {@code qmp_capabilities},
 * then commands and their answers, events kept aside. Every read has a deadline.
 */
final class Qmp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE = 1 << 20;

    private final SocketChannel channel;
    private final Selector selector;
    private final Duration timeout;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final List<JsonNode> events = new ArrayList<>();

    private Qmp(SocketChannel channel, Selector selector, Duration timeout) {
        this.channel = channel;
        this.selector = selector;
        this.timeout = timeout;
    }

    /** Connects, reads the greeting and enters command mode. */
    static Qmp connect(Path socket, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            Qmp qmp = new Qmp(channel, selector, timeout);
            JsonNode greeting = qmp.readMessage();
            if (!greeting.has("QMP")) {
                throw new IOException("QEMU's socket did not greet with QMP: " + greeting);
            }
            qmp.execute("qmp_capabilities", null);
            return qmp;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /**
     * Runs {@code command} with {@code arguments} (or none) and returns its {@code return} value.
     *
     * @throws IOException when QEMU answers with an error (its class and description), or the
     *     socket fails or stays silent past the timeout
     */
    JsonNode execute(String command, ObjectNode arguments) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        while (true) {
            JsonNode message = readMessage();
            if (message.has("event")) {
                events.add(message);
            } else if (message.has("error")) {
                JsonNode error = message.get("error");
                throw new IOException(command + ": " + error.path("class").asText() + ": "
                        + error.path("desc").asText());
            } else if (message.has("return")) {
                return message.get("return");
            }
        }
    }

    /**
     * Waits up to {@code wait} for the event {@code name} whose data field {@code key} equals
     * {@code value}.
     *
     * @return the event, or empty when it did not come in time
     */
    Optional<JsonNode> awaitEvent(String name, String key, String value, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (JsonNode event : events) {
                if (event.path("event").asText().equals(name) && event.path("data").path(key).asText().equals(value)) {
                    events.remove(event);
                    return Optional.of(event);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<JsonNode> message = readMessage(Math.min(left, timeout.toNanos()));
            if (message.isPresent() && message.get().has("event")) {
                events.add(message.get());
            }
        }
    }

    private JsonNode readMessage() throws IOException {
        return readMessage(timeout.toNanos()).orElseThrow(() -> new IOException("QEMU did not answer on QMP within "
                + timeout.toMillis() + " ms"));
    }

    /** The next message, or empty when none came within {@code nanos}. */
    private Optional<JsonNode> readMessage(long nanos) throws IOException {
        long deadline = System.nanoTime() + nanos;
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        scan:
        while (true) {
            byte[] bytes = pending.toByteArray();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    String line = new String(bytes, 0, i, StandardCharsets.UTF_8).strip();
                    pending.reset();
                    pending.write(bytes, i + 1, bytes.length - i - 1);
                    if (line.isEmpty()) {
                        continue scan;
                    }
                    return Optional.of(JSON.readTree(line));
                }
            }
            if (bytes.length > MAX_LINE) {
                throw new IOException("QMP sent a line longer than " + MAX_LINE + " bytes");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            buffer.clear();
            int read = channel.read(buffer);
            if (read < 0) {
                throw new IOException("QEMU closed its QMP socket");
            }
            pending.write(buffer.array(), 0, read);
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            // closing a socket we no longer use: nothing to do
        }
    }
}
