package io.virtshare.internal.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.hf.HfSource;
import io.virtshare.progress.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP/1.1 connections the Hub client keeps: requests as sent, bodies framed by length and
 * by chunks, connections kept only when an answer was read to its end and the server allows it,
 * a stale kept connection replaced, hostile answer heads refused, and HTTPS with the host name
 * checked. The server is a socket that answers each request with bytes the test scripts.
 */
class HubConnectionsTest {
    private static final Map<String, String> HEADERS = Map.of("User-Agent", "virtshare-test");
    private final HubConnections connections = new HubConnections();
    private ScriptedServer server;

    @TempDir
    Path tmp;

    @AfterEach
    void close() throws IOException {
        connections.close();
        if (server != null) {
            server.close();
        }
    }

    /** Answers request {@code r} (0-based, over all connections) on connection {@code c} with bytes; null closes. */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket socket;
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> connectionOf = Collections.synchronizedList(new ArrayList<>());
        volatile int accepted;
        /** Written, unasked, 50 ms after the first answer on the first connection. */
        volatile byte[] unasked;
        private final BiFunction<Integer, Integer, byte[]> script;
        private final boolean closeAfterEach;

        ScriptedServer(ServerSocket socket, BiFunction<Integer, Integer, byte[]> script, boolean closeAfterEach) {
            this.socket = socket;
            this.script = script;
            this.closeAfterEach = closeAfterEach;
            Thread t = new Thread(this::accept, "scripted-server");
            t.setDaemon(true);
            t.start();
        }

        static ScriptedServer plain(BiFunction<Integer, Integer, byte[]> script) throws IOException {
            return new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script, false);
        }

        /** A server that answers every request with {@code answer} ({@code ~} for CRLF) and closes the connection. */
        static ScriptedServer once(String answer) throws IOException {
            byte[] bytes = ascii(answer.replace("~", "\r\n"));
            return new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), (c, r) -> bytes, true);
        }

        URI uri(String path) {
            return URI.create((socket instanceof SSLServerSocket ? "https" : "http") + "://127.0.0.1:"
                    + socket.getLocalPort() + path);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    int c = accepted++;
                    Thread t = new Thread(() -> serve(s, c), "scripted-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s, int c) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int r;
                    synchronized (requests) {
                        r = requests.size();
                        requests.add(head);
                        connectionOf.add(c);
                    }
                    byte[] answer = script.apply(c, r);
                    if (answer == null) {
                        return;
                    }
                    out.write(answer);
                    out.flush();
                    if (closeAfterEach) {
                        return;
                    }
                    if (c == 0 && r == 0 && unasked != null) {
                        Thread.sleep(50);
                        out.write(unasked);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                String s = head.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r\n\r\n")) {
                    return s;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] ok(String body) {
        return ascii("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nETag: \"e\"\r\n\r\n" + body);
    }

    private String get(String path) throws IOException {
        HubConnections.Answer answer = connections.get(server.uri(path), HEADERS, 5_000, 5_000);
        try (InputStream body = answer.body()) {
            return answer.statusCode() + " " + new String(body.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void requests_goOutAsHttp11_andShareOneKeptConnection() throws IOException {
        server = ScriptedServer.plain((c, r) -> ok("body " + r));

        for (int i = 0; i < 5; i++) {
            assertThat(get("/api/models/acme/x?page=" + i)).isEqualTo("200 body " + i);
        }

        assertThat(server.accepted).isEqualTo(1);
        assertThat(connections.idle()).isEqualTo(1);
        assertThat(server.requests.get(0)).isEqualTo("GET /api/models/acme/x?page=0 HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.socket.getLocalPort() + "\r\nUser-Agent: virtshare-test\r\nAccept: */*\r\n\r\n");
    }

    @Test
    void headers_areReadByAnyCase_theLastOfARepeatedOneWins_foldedLinesJoined() throws IOException {
        server = ScriptedServer.plain((c, r) -> ascii("HTTP/1.1 302 Found\r\nlocation: /one\r\nLOCATION: /two\r\n"
                + "X-Linked-Etag: \"a\r\n b\"\r\nContent-Length: 0\r\n\r\n"));

        HubConnections.Answer answer = connections.get(server.uri("/f"), HEADERS, 5_000, 5_000);

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().value("Location")).contains("/two");
        assertThat(answer.headers().value("x-linked-etag")).contains("\"a b\"");
        assertThat(answer.body().read()).isEqualTo(-1);
        assertThat(connections.idle()).isEqualTo(1);
    }

    @Test
    void chunkedBodies_areJoined_withExtensionsAndTrailers_andTheConnectionKept() throws IOException {
        server = ScriptedServer.plain((c, r) -> ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n"));

        assertThat(get("/a")).isEqualTo("200 hello, world");
        assertThat(get("/b")).isEqualTo("200 hello, world");

        assertThat(server.accepted).isEqualTo(1);
    }

    @Test
    void interimAnswers_areSkipped() throws IOException {
        server = ScriptedServer.plain((c, r) -> ascii("HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));

        assertThat(get("/a")).isEqualTo("200 ok");
    }

    @Test
    void aKeptConnectionTheServerClosed_isReplaced_andTheRequestSentAgain() throws IOException {
        server = ScriptedServer.plain((c, r) -> r == 1 ? null : ok("c" + c));   // closes on the second request

        assertThat(get("/a")).isEqualTo("200 c0");
        assertThat(get("/b")).isEqualTo("200 c1");

        assertThat(server.accepted).isEqualTo(2);
        assertThat(server.requests).hasSize(3);
    }

    @Test
    void aKeptConnectionTheServerSpokeOnWhileIdle_isNotUsed() throws Exception {
        server = ScriptedServer.plain((c, r) -> ok("c" + c));
        // after the answer, an unasked 408, as a server sends before it closes an idle connection
        server.unasked = ascii("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n");

        HubConnections.Answer first = connections.get(server.uri("/a"), HEADERS, 5_000, 5_000);
        assertThat(first.body().readAllBytes()).asString(StandardCharsets.ISO_8859_1).isEqualTo("c0");
        assertThat(connections.idle()).isEqualTo(1);
        Thread.sleep(200);   // the unasked answer arrives in the kept connection's socket

        assertThat(get("/b")).isEqualTo("200 c1");
        assertThat(server.accepted).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Connection: close|HTTP/1.1 200 OK~Connection: close~Content-Length: 2~~ok",
        "HTTP/1.0|HTTP/1.0 200 OK~Content-Length: 2~~ok",
        "no length|HTTP/1.1 200 OK~~ok",
        "length and chunks|HTTP/1.1 200 OK~Content-Length: 9~Transfer-Encoding: chunked~~2~ok~0~~",
    })
    void answersThatDoNotAllowIt_doNotKeepTheConnection(String name, String answer) throws IOException {
        // an answer without a length ends with the connection: that server closes after answering
        server = name.equals("no length") ? ScriptedServer.once(answer)
                : ScriptedServer.plain((c, r) -> ascii(answer.replace("~", "\r\n")));

        assertThat(get("/a")).isEqualTo("200 ok");

        assertThat(connections.idle()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not HTTP|SSH-2.0-OpenSSH_9.2~~|does not start with an HTTP/1.x status line",
        "HTTP/2 status|HTTP/2 200 OK~~|does not start with an HTTP/1.x status line",
        "letters for a status|HTTP/1.1 2OO OK~~|does not start with an HTTP/1.x status line",
        "header without a name|HTTP/1.1 200 OK~: value~Content-Length: 0~~|header line without a name",
        "header name with a space|HTTP/1.1 200 OK~Bad Name: value~Content-Length: 0~~|header line without a name",
        "folded first line|HTTP/1.1 200 OK~ folded~Content-Length: 0~~|continues a header",
        "two lengths|HTTP/1.1 200 OK~Content-Length: 2~Content-Length: 3~~ok|two different Content-Lengths",
        "negative length|HTTP/1.1 200 OK~Content-Length: -2~~ok|unreadable Content-Length",
        "huge length|HTTP/1.1 200 OK~Content-Length: 99999999999999999999~~ok|unreadable Content-Length",
        "switching protocols|HTTP/1.1 101 Switching Protocols~~|switched protocols",
        "head cut short|HTTP/1.1 200 OK~Content-Le|in the middle of its answer",
    })
    void hostileHeads_areRefused_andTheConnectionDropped(String name, String answer, String message)
            throws IOException {
        server = ScriptedServer.once(answer);

        assertThatThrownBy(() -> get("/a")).isInstanceOf(IOException.class).hasMessageContaining(message);

        assertThat(connections.idle()).isZero();
    }

    @Test
    void anEndlessHead_orTooManyHeaders_areRefused() throws IOException {
        server = ScriptedServer.once("HTTP/1.1 200 OK~X: " + "a".repeat(HubConnections.MAX_HEAD) + "~~");
        assertThatThrownBy(() -> get("/a")).isInstanceOf(IOException.class).hasMessageContaining("longer than is read");

        server.close();
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK~");
        for (int i = 0; i <= HubConnections.MAX_HEADERS; i++) {
            many.append("X-").append(i).append(": v~");
        }
        server = ScriptedServer.once(many.append("~").toString());
        assertThatThrownBy(() -> get("/a")).isInstanceOf(IOException.class)
                .hasMessageContaining("more than " + HubConnections.MAX_HEADERS + " headers");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "body cut short|HTTP/1.1 200 OK~Content-Length: 10~~short|5 bytes before the end",
        "chunk size not hex|HTTP/1.1 200 OK~Transfer-Encoding: chunked~~zz~ok~0~~|unreadable chunk size",
        "signed chunk size|HTTP/1.1 200 OK~Transfer-Encoding: chunked~~+2~ok~0~~|unreadable chunk size",
        "chunk longer than its size|HTTP/1.1 200 OK~Transfer-Encoding: chunked~~2~okay~0~~|longer than its size",
        "chunked body cut short|HTTP/1.1 200 OK~Transfer-Encoding: chunked~~9~ok|in the middle of a chunk",
    })
    void hostileBodies_failTheRead_andTheConnectionDropped(String name, String answer, String message)
            throws IOException {
        server = ScriptedServer.once(answer);

        assertThatThrownBy(() -> get("/a")).isInstanceOf(IOException.class).hasMessageContaining(message);

        assertThat(connections.idle()).isZero();
    }

    @Test
    void aBodyClosedEarly_keepsTheConnectionOnlyWhenTheRestHadArrived() throws Exception {
        byte[] large = new byte[4 << 20];
        server = ScriptedServer.plain((c, r) -> {
            if (r == 0) {
                return ok("small error body");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + large.length + "\r\n\r\n"));
            out.writeBytes(large);
            return out.toByteArray();
        });

        HubConnections.Answer small = connections.get(server.uri("/a"), HEADERS, 5_000, 5_000);
        waitForBytes(small.body(), 3);
        small.body().close();
        assertThat(connections.idle()).isEqualTo(1);

        HubConnections.Answer big = connections.get(server.uri("/b"), HEADERS, 5_000, 5_000);
        assertThat(big.body().read(new byte[10])).isPositive();
        big.body().close();
        assertThat(connections.idle()).isZero();
        assertThat(server.accepted).isEqualTo(1);
    }

    private static void waitForBytes(InputStream body, int atLeast) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (body.available() < atLeast && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }

    @Test
    void aRequestHeaderWithALineBreak_isNotSent() throws IOException {
        server = ScriptedServer.plain((c, r) -> ok("x"));

        assertThatThrownBy(() -> connections.get(server.uri("/a"), Map.of("Authorization", "Bearer a\r\nX-Evil: 1"),
                5_000, 5_000)).isInstanceOf(IOException.class).hasMessageContaining("Authorization")
                .hasMessageContaining("line break");

        assertThat(server.accepted).isZero();
    }

    @Test
    void aTargetOutsideAscii_isPercentEncoded() {
        assertThat(HubConnections.target(URI.create("http://h/resolve/main/d\u00e9j\u00e0%20vu.txt?x=1")))
                .isEqualTo("/resolve/main/d%C3%A9j%C3%A0%20vu.txt?x=1");
        assertThat(HubConnections.target(URI.create("http://h"))).isEqualTo("/");
        assertThat(HubConnections.target(URI.create("http://h/\ud83d\ude00"))).isEqualTo("/%F0%9F%98%80");
    }

    /**
     * Where the JVM names a proxy for a host, the client goes through the JDK's connection,
     * which sends the request to the proxy; elsewhere it goes straight to the host.
     */
    @Test
    void hubClient_goesThroughAProxyTheJvmNames() throws IOException {
        server = ScriptedServer.plain((c, r) -> ok("via proxy"));
        ProxySelector before = ProxySelector.getDefault();
        InetSocketAddress proxy = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.socket.getLocalPort());
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(uri.getHost().equals("hub.invalid") ? new Proxy(Proxy.Type.HTTP, proxy) : Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // the test sees the failure
            }
        });
        HfSource source = HfSource.parse("hf://acme/x");
        HubSettings settings = new HubSettings(URI.create("http://hub.invalid"), Optional.empty(), 8, 1,
                Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(30), 1L << 30, 1L << 20,
                HubSettings.FIFTY_GB, Duration.ofSeconds(5));
        try (HubClient client = new HubClient(settings)) {
            try (HubResponse r = client.open(URI.create("http://hub.invalid/api/models/acme/x"), -1, -1, source,
                    "main", null, Cancellation.none())) {
                assertThat(r.body().readAllBytes()).asString(StandardCharsets.ISO_8859_1).isEqualTo("via proxy");
            }
            try (HubResponse r = client.open(server.uri("/direct"), -1, -1, source, "main", null,
                    Cancellation.none())) {
                assertThat(r.body().readAllBytes()).asString(StandardCharsets.ISO_8859_1).isEqualTo("via proxy");
            }
        } finally {
            ProxySelector.setDefault(before);
        }

        assertThat(server.requests.get(0)).startsWith("GET http://hub.invalid/api/models/acme/x HTTP/1.1\r\n");
        assertThat(server.requests.get(1)).startsWith("GET /direct HTTP/1.1\r\n");
    }

    /**
     * HTTPS through the JVM's default TLS socket factory: a certificate for 127.0.0.1 is
     * accepted, one for another name is refused by the host name check.
     */
    @Test
    void https_checksTheHostNameAgainstTheCertificate() throws Exception {
        SSLContext good = tls("san=ip:127.0.0.1", "good");
        SSLContext wrong = tls("san=dns:elsewhere.example", "wrong");
        SSLSocketFactory before = HttpsURLConnection.getDefaultSSLSocketFactory();
        try {
            HttpsURLConnection.setDefaultSSLSocketFactory(good.getSocketFactory());
            server = new ScriptedServer(good.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress()), (c, r) -> ok("secret " + r), false);
            assertThat(get("/a")).isEqualTo("200 secret 0");
            assertThat(get("/b")).isEqualTo("200 secret 1");
            assertThat(server.accepted).isEqualTo(1);
            server.close();

            HttpsURLConnection.setDefaultSSLSocketFactory(wrong.getSocketFactory());
            server = new ScriptedServer(wrong.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress()), (c, r) -> ok("secret"), false);
            assertThatThrownBy(() -> get("/a")).isInstanceOf(SSLHandshakeException.class);
            assertThat(server.requests).isEmpty();
        } finally {
            HttpsURLConnection.setDefaultSSLSocketFactory(before);
        }
    }

    /** A TLS context whose key and only trusted certificate is a new self-signed one with {@code san}. */
    private SSLContext tls(String san, String name) throws Exception {
        Path store = tmp.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", san, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
                "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, "changeit".toCharArray());
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(km.getKeyManagers(), tm.getTrustManagers(), null);
        return context;
    }
}
