package io.virtshare.testkit.hf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The CDN listener: LFS objects by sha256 ({@code /objects/<sha256>/<path>}) and Xet-backed
 * files through the Xet bridge by Xet hash ({@code /xet-bridge-us/<xetHash>/<path>}), with
 * ranges. The repository path at the end lets fault matches name a file.
 */
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
            boolean xet = s.size() >= 2 && s.get(0).equals("xet-bridge-us");
            Optional<FakeFile> file = s.size() >= 2 && (s.get(0).equals("objects") || xet)
                    ? hub.lfsObject(s.get(1)).filter(f -> !xet || f.xetHash().filter(s.get(1)::equals).isPresent())
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
