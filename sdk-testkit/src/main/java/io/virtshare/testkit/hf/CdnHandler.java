package io.virtshare.testkit.hf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The CDN listener: LFS objects by sha256 ({@code /objects/<sha256>/<path>}), with ranges. */
final class CdnHandler implements HttpHandler {
    private final FakeHub hub;

    CdnHandler(FakeHub hub) {
        this.hub = hub;
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        Exchange ex = new Exchange(http, "cdn", hub);
        try {
            if (ex.statusFault()) {
                return;
            }
            List<String> s = ex.segments();
            Optional<FakeFile> file = s.size() >= 2 && s.get(0).equals("objects") ? hub.lfsObject(s.get(1))
                    : Optional.empty();
            if (file.isEmpty()) {
                ex.error(404, null, "no such object: /" + ex.path());
                return;
            }
            ex.setHeader("ETag", "\"" + file.get().lfsOid().orElseThrow() + "\"");
            ex.content(file.get());
        } finally {
            ex.record();
            ex.close();
        }
    }
}
