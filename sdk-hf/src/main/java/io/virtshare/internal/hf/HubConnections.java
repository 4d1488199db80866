package io.virtshare.internal.hf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 GETs on connections kept alive from one request to the next: what
 * {@link HubClient} sends when no proxy is configured for a host. An import of thousands of
 * small files makes a request per file, and the JDK's {@code HttpURLConnection} runs a long
 * path of code for each (in a new JVM about 0.4 ms of CPU a request, most of it compiling and
 * running that path cold); this one writes the request line and headers in one
 * {@code write}, reads the answer's head from its own buffer and frames the body by its
 * {@code Content-Length} or chunks.
 *
 * <p>HTTPS goes through the JDK's TLS ({@link HttpsURLConnection#getDefaultSSLSocketFactory()},
 * so the trust store and TLS settings the JVM has apply) with the host name checked against
 * the certificate and sent as SNI. Answers are untrusted: the head is read up to
 * {@link #MAX_HEAD} bytes and {@link #MAX_HEADERS} headers, a status line that is not HTTP/1.x,
 * a header line without a name, differing {@code Content-Length}s or a malformed chunk are
 * refused as {@link IOException}s, which the client retries like any connection error.
 *
 * <p>A connection goes back to be used again only once its answer's body was read to its
 * end (or what was left of it had already arrived, when the body is closed early), and never
 * after {@code Connection: close}, an answer framed by the end of the connection or an
 * HTTP/1.0 answer; one idle for {@link #IDLE_NANOS} is closed rather than used. A request on a
 * kept-alive connection that the server closed meanwhile (nothing of an answer came) is sent
 * again on a new connection.
 */
final class HubConnections implements AutoCloseable {
    /** Bytes of a status line and headers, at most. */
    static final int MAX_HEAD = 64 * 1024;
    /** Headers of one answer, at most. */
    static final int MAX_HEADERS = 256;
    /** Connections kept idle per host, at most. */
    private static final int MAX_IDLE = 32;
    /** How long a connection is kept idle: servers close kept-alive connections after a few seconds. */
    static final long IDLE_NANOS = 4_000_000_000L;
    private static final int BUFFER = 16 * 1024;
    private static final int MAX_CHUNK_LINE = 1024;
    private static final String HEAD = "answer head (status line and headers, " + MAX_HEAD + " bytes)";

    /** Idle connections by scheme, host and port; guarded by {@code this}. */
    private final Map<String, ArrayDeque<Connection>> idle = new HashMap<>();
    private boolean closed;

    /** An answer: its status, headers and body (empty when the answer has none). */
    record Answer(int statusCode, ResponseHeaders headers, InputStream body) {
    }

    /**
     * GETs {@code uri} with {@code headers} (names and values of printable ASCII); returns once
     * the answer's head has arrived. 1xx answers are skipped.
     */
    Answer get(URI uri, Map<String, String> headers, int connectTimeoutMillis, int readTimeoutMillis)
            throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IOException("not an http(s) URL with a host: " + uri);
        }
        int port = HubSettings.port(uri);
        String key = HubSettings.origin(uri);
        byte[] request = request(uri, port, headers);
        while (true) {
            Connection connection = takeIdle(key);
            boolean reused = connection != null;
            if (!reused) {
                connection = connect(scheme, uri.getHost(), port, connectTimeoutMillis, readTimeoutMillis);
            }
            try {
                connection.socket.setSoTimeout(readTimeoutMillis);
                connection.received = 0;
                connection.out.write(request);
                connection.out.flush();
                return answer(connection, key);
            } catch (IOException | RuntimeException e) {
                connection.closeQuietly();
                if (e instanceof IOException && reused && connection.received == 0
                        && !(e instanceof SocketTimeoutException)) {
                    continue;   // a kept-alive connection the server had closed: send again on another one
                }
                throw e;
            }
        }
    }

    /** Closes the idle connections; connections still reading an answer are closed when it is done. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (ArrayDeque<Connection> connections : idle.values()) {
                connections.forEach(Connection::closeQuietly);
            }
            idle.clear();
        }
    }

    /** Idle connections kept now (for tests). */
    synchronized int idle() {
        return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** The request: line, {@code Host}, {@code headers}, in one array. */
    static byte[] request(URI uri, int port, Map<String, String> headers) throws IOException {
        StringBuilder r = new StringBuilder(256).append("GET ").append(target(uri)).append(" HTTP/1.1\r\nHost: ")
                .append(uri.getHost());
        if (port != (uri.getScheme().equalsIgnoreCase("https") ? 443 : 80)) {
            r.append(':').append(port);
        }
        r.append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!printable(h.getKey(), false) || !printable(h.getValue(), true)) {
                throw new IOException("the request header " + (printable(h.getKey(), false) ? h.getKey() : "name")
                        + " holds a character that cannot be sent in HTTP (a line break or non-ASCII)");
            }
            r.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return r.append("Accept: */*\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The request target: the raw path (or {@code /}) and query, anything not printable ASCII percent-encoded. */
    static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        StringBuilder out = null;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c > 0x20 && c < 0x7f) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(target.length() + 16).append(target, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < target.length() ? i + 2 : i + 1;
            for (byte b : target.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
            i = end - 1;
        }
        return out == null ? target : out.toString();
    }

    private static boolean printable(String s, boolean spaces) {
        if (s.isEmpty()) {
            return spaces;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x7f || c < 0x20 && !(spaces && c == '\t') || c == ' ' && !spaces || c == ':' && !spaces) {
                return false;
            }
        }
        return true;
    }

    private synchronized Connection takeIdle(String key) {
        ArrayDeque<Connection> connections = idle.get(key);
        if (connections == null) {
            return null;
        }
        long now = System.nanoTime();
        Connection c;
        while ((c = connections.pollLast()) != null) {
            if (now - c.idleSince < IDLE_NANOS && c.pos == c.limit && !c.socket.isClosed() && c.silent()) {
                return c;
            }
            c.closeQuietly();
        }
        return null;
    }

    /** Keeps {@code c} for the next request to its host, or closes it. */
    private void release(Connection c, String key, boolean reusable) {
        if (reusable && c.pos == c.limit) {
            synchronized (this) {
                ArrayDeque<Connection> connections = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
                if (!closed && connections.size() < MAX_IDLE) {
                    c.idleSince = System.nanoTime();
                    connections.addLast(c);
                    return;
                }
            }
        }
        c.closeQuietly();
    }

    private static Connection connect(String scheme, String host, int port, int connectTimeoutMillis,
            int readTimeoutMillis) throws IOException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(bare, port), connectTimeoutMillis);
            if (scheme.equals("https")) {
                SSLSocket tls = (SSLSocket) HttpsURLConnection.getDefaultSSLSocketFactory().createSocket(socket, bare,
                        port, true);
                socket = tls;
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.setSoTimeout(readTimeoutMillis);
                tls.startHandshake();
            }
            return new Connection(socket);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the failure is what matters
            }
            throw e;
        }
    }

    /** Reads the head of the answer on {@code c} (skipping 1xx answers) and frames its body. */
    private Answer answer(Connection c, String key) throws IOException {
        int[] budget = {MAX_HEAD};
        while (true) {
            String statusLine = c.line(budget, true, HEAD);
            if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' '
                    || !digits(statusLine, 9, 12) || statusLine.length() > 12 && statusLine.charAt(12) != ' ') {
                throw new IOException("the server's answer does not start with an HTTP/1.x status line: '"
                        + HubErrors.oneLine(statusLine.length() > 80 ? statusLine.substring(0, 80) : statusLine) + "'");
            }
            int status = Integer.parseInt(statusLine, 9, 12, 10);
            boolean http10 = statusLine.charAt(7) == '0';
            Map<String, String> values = new HashMap<>();
            long contentLength = -1;
            String transferEncoding = null;
            boolean close = http10;
            String name = null;
            int count = 0;
            while (true) {
                String line = c.line(budget, false, HEAD);
                if (line.isEmpty()) {
                    break;
                }
                if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    if (name == null) {
                        throw new IOException("the server's answer continues a header before its first one");
                    }
                    values.put(name, values.get(name) + " " + line.strip());   // an obsolete folded line
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || !printable(line.substring(0, colon), false)) {
                    throw new IOException("the server's answer has a header line without a name: '"
                            + HubErrors.oneLine(line.length() > 80 ? line.substring(0, 80) : line) + "'");
                }
                if (++count > MAX_HEADERS) {
                    throw new IOException("the server's answer has more than " + MAX_HEADERS + " headers");
                }
                name = line.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                values.put(name, value);
                switch (name) {
                    case "content-length" -> {
                        long length = contentLength(value);
                        if (contentLength >= 0 && contentLength != length) {
                            throw new IOException("the server's answer has two different Content-Lengths");
                        }
                        contentLength = length;
                    }
                    case "transfer-encoding" -> transferEncoding = value;
                    case "connection" -> {
                        String tokens = "," + value.toLowerCase(Locale.ROOT).replace(" ", "") + ",";
                        if (tokens.contains(",close,")) {
                            close = true;
                        } else if (http10 && tokens.contains(",keep-alive,")) {
                            close = false;
                        }
                    }
                    default -> {
                        // kept in the map only
                    }
                }
            }
            if (status >= 100 && status < 200) {
                if (status == 101) {
                    throw new IOException("the server switched protocols (101) on a GET");
                }
                continue;   // an interim answer: the real one follows
            }
            ResponseHeaders headers = ResponseHeaders.of(values);
            InputStream body;
            if (status == 204 || status == 304) {
                body = new FixedBody(c, key, 0, !close);
            } else if (transferEncoding != null) {
                String last = transferEncoding.substring(transferEncoding.lastIndexOf(',') + 1).strip();
                body = last.equalsIgnoreCase("chunked") ? new ChunkedBody(c, key, !close && contentLength < 0)
                        : new UntilCloseBody(c, key);
            } else if (contentLength >= 0) {
                body = new FixedBody(c, key, contentLength, !close);
            } else {
                body = new UntilCloseBody(c, key);
            }
            return new Answer(status, headers, body);
        }
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long contentLength(String value) throws IOException {
        if (value.isEmpty() || value.length() > 18 || !digits(value, 0, value.length())) {
            throw new IOException("the server's answer has an unreadable Content-Length '"
                    + HubErrors.oneLine(value.length() > 40 ? value.substring(0, 40) : value) + "'");
        }
        return Long.parseLong(value);
    }

    /** One connection and the buffer its answers are read through. */
    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] buffer = new byte[BUFFER];
        int pos;
        int limit;
        long idleSince;
        /** Bytes that arrived since the last request was sent. */
        long received;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        boolean fill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            received += n;
            return true;
        }

        /** At most {@code len} bytes into {@code b}; -1 at the end of the connection. */
        int read(byte[] b, int off, int len) throws IOException {
            if (pos == limit) {
                if (len >= buffer.length) {
                    int n = in.read(b, off, len);   // a large read goes straight from the socket
                    if (n > 0) {
                        received += n;
                    }
                    return n;
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }

        /** One byte; -1 at the end of the connection. */
        int read() throws IOException {
            if (pos == limit && !fill()) {
                return -1;
            }
            return buffer[pos++] & 0xff;
        }

        /**
         * A line of the answer's head without its line end, read as ISO-8859-1, counted against
         * {@code budget[0]}. The end of the connection before any byte of a status line is an
         * {@link java.io.EOFException}, so that a request on a connection the server closed is
         * sent again.
         */
        String line(int[] budget, boolean status, String what) throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = read();
                if (b < 0) {
                    throw status && line.length() == 0 ? new java.io.EOFException("the server closed the connection"
                            + " without an answer") : new IOException("the server closed the connection in the middle"
                            + " of its answer's head");
                }
                if (--budget[0] < 0) {
                    throw new IOException("the server's " + what + " is longer than is read");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) b);
            }
        }

        /** Whether the rest of a body of {@code remaining} bytes has arrived (buffered or readable without waiting). */
        boolean arrived(long remaining) {
            try {
                return remaining <= (limit - pos) + (long) in.available();
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * Whether nothing arrived while the connection was idle: a server may answer on an idle
         * connection (a 408 before it closes it), and that answer is not the next request's.
         */
        boolean silent() {
            try {
                return in.available() == 0;
            } catch (IOException e) {
                return false;
            }
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to keep
            }
        }
    }

    /**
     * A body read from a connection; when it ends the connection is released (kept when
     * reusable), and closing it early releases it only when the rest had already arrived.
     */
    private abstract class Body extends InputStream {
        final Connection c;
        final String key;
        final boolean reusable;
        boolean ended;
        boolean released;

        Body(Connection c, String key, boolean reusable) {
            this.c = c;
            this.key = key;
            this.reusable = reusable;
        }

        /** Reads some of the body; -1 at its end. */
        abstract int readBody(byte[] b, int off, int len) throws IOException;

        /** Reads what is left if it has all arrived; whether it had. */
        abstract boolean drainArrived() throws IOException;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (released && !ended) {
                throw new IOException("the body was closed");
            }
            if (ended || len == 0) {
                return ended ? -1 : 0;
            }
            int n;
            try {
                n = readBody(b, off, len);
            } catch (IOException e) {
                release(false);
                throw e;
            }
            if (n < 0) {
                ended = true;
                release(reusable);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            boolean drained = false;
            if (reusable) {
                try {
                    drained = drainArrived();
                } catch (IOException e) {
                    drained = false;
                }
            }
            ended = true;
            release(drained);
        }

        private void release(boolean keep) {
            if (!released) {
                released = true;
                HubConnections.this.release(c, key, keep);
            }
        }
    }

    /** A body of a known length. */
    private final class FixedBody extends Body {
        private long remaining;

        FixedBody(Connection c, String key, long length, boolean reusable) {
            super(c, key, reusable);
            this.remaining = length;
            if (length == 0) {
                ended = true;
                super.close();
            }
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = c.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException("the server closed the connection " + remaining + " bytes before the end of"
                        + " the body");
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(remaining, c.limit - c.pos);
        }

        @Override
        boolean drainArrived() throws IOException {
            if (!c.arrived(remaining)) {
                return false;
            }
            byte[] skip = new byte[(int) Math.min(BUFFER, Math.max(1, remaining))];
            while (remaining > 0) {
                if (readBody(skip, 0, (int) Math.min(skip.length, remaining)) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A chunked body: size lines in hex, data, and trailers after the last chunk. */
    private final class ChunkedBody extends Body {
        private long chunkLeft;
        private boolean last;

        ChunkedBody(Connection c, String key, boolean reusable) {
            super(c, key, reusable);
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (last) {
                return -1;
            }
            if (chunkLeft == 0) {
                chunkLeft = nextChunk();
                if (chunkLeft == 0) {
                    last = true;
                    int[] budget = {MAX_HEAD};
                    while (!c.line(budget, false, "trailer after the last chunk").isEmpty()) {
                        // trailers are not used
                    }
                    return -1;
                }
            }
            int n = c.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("the server closed the connection in the middle of a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                endOfChunk();
            }
            return n;
        }

        private long nextChunk() throws IOException {
            int[] budget = {MAX_CHUNK_LINE};
            String line = c.line(budget, false, "chunk size line");
            int end = line.indexOf(';');
            String hex = (end < 0 ? line : line.substring(0, end)).strip();
            if (hex.isEmpty() || hex.length() > 15) {
                throw new IOException("the server sent an unreadable chunk size '" + HubErrors.oneLine(hex) + "'");
            }
            try {
                long size = Long.parseLong(hex, 16);
                if (size < 0 || hex.charAt(0) == '+' || hex.charAt(0) == '-') {
                    throw new NumberFormatException(hex);
                }
                return size;
            } catch (NumberFormatException e) {
                throw new IOException("the server sent an unreadable chunk size '" + HubErrors.oneLine(hex) + "'", e);
            }
        }

        private void endOfChunk() throws IOException {
            int b = c.read();
            if (b == '\r') {
                b = c.read();
            }
            if (b != '\n') {
                throw new IOException("the server's chunk is longer than its size");
            }
        }

        @Override
        boolean drainArrived() {
            return false;   // how much is left is not known without reading it
        }
    }

    /** A body that ends with the connection: never kept. */
    private final class UntilCloseBody extends Body {
        UntilCloseBody(Connection c, String key) {
            super(c, key, false);
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            return c.read(b, off, len);
        }

        @Override
        boolean drainArrived() {
            return false;
        }
    }
}
