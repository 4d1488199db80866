package io.virtshare.internal.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The headers of an answer, as the JDK's connection gives each of them, for answers that succeed and that fail. */
class ResponseHeadersTest {
    private static final List<String> NAMES = List.of("X-Twice", "x-twice", "X-TWICE", "Location", "location",
            "RateLimit", "Retry-After", "X-Error-Code", "Content-Length", "X-Empty", "X-Absent", "Date");
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
            exchange.getResponseHeaders().add("X-Twice", "first");
            exchange.getResponseHeaders().add("X-Twice", "second");
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.getResponseHeaders().add("RateLimit", "\"api\";r=99;t=60");
            exchange.getResponseHeaders().add("Retry-After", "3");
            exchange.getResponseHeaders().add("X-Error-Code", "RepoNotFound");
            exchange.getResponseHeaders().add("X-Empty", "");
            byte[] body = "body".getBytes();
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 206, 302, 404, 429, 503})
    void value_isWhatTheConnectionGivesForEachName(int status) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/" + status).toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        try {
            assertThat(connection.getResponseCode()).isEqualTo(status);
            ResponseHeaders headers = ResponseHeaders.of(connection);

            for (String name : NAMES) {
                assertThat(headers.value(name)).as(name).isEqualTo(
                        java.util.Optional.ofNullable(connection.getHeaderField(name)));
            }
            assertThat(headers.value("x-twice")).hasValue("second");
            assertThat(headers.value("X-Empty")).hasValue("");
            assertThat(headers.value("X-Absent")).isEmpty();
        } finally {
            connection.disconnect();
        }
    }
}
