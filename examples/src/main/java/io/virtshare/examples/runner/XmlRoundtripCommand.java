package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code xml roundtrip [--out DIR] FILE…}: parses libvirt XML (pool, volume or domain)
 * with the typed codec and writes it back — to stdout for one FILE, else to
 * {@code DIR/<file name>} each, with a JSON list of what was written. Every file is read
 * before anything is written, so one bad file leaves nothing half done.
 */
final class XmlRoundtripCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "xml roundtrip";
    }

    @Override
    public String synopsis() {
        return "xml roundtrip [--out DIR] FILE...";
    }

    @Override
    public JsonNode run(List<String> words, Console console) throws IOException {
        Args args = Args.parse(words, Set.of("out"), Set.of());
        List<String> files = args.operands();
        if (files.isEmpty()) {
            throw new UsageException("give at least one libvirt XML FILE (a pool, volume or domain)");
        }
        if (files.size() > 1 && args.option("out").isEmpty()) {
            throw new UsageException("several FILEs are written to a directory: add --out DIR");
        }
        XmlCodec codec = XmlCodec.defaults();
        Map<Path, String> written = new LinkedHashMap<>();
        Set<Path> names = new HashSet<>();
        for (String name : files) {
            Path file = console.path(name);
            if (!names.add(file.getFileName())) {
                throw new UsageException("two FILEs are named " + file.getFileName() + "; they would overwrite each"
                        + " other in --out DIR");
            }
            written.put(file, roundTrip(codec, file));
        }
        if (args.option("out").isEmpty()) {
            return new XmlText(written.values().iterator().next());
        }
        Path out = Files.createDirectories(console.path(args.option("out").get()));
        ArrayNode result = JSON.createArrayNode();
        for (Map.Entry<Path, String> e : written.entrySet()) {
            Path target = out.resolve(e.getKey().getFileName());
            Files.writeString(target, e.getValue());
            result.addObject().put("file", e.getKey().toString()).put("kind", codec.detect(e.getValue()).name()
                    .toLowerCase(java.util.Locale.ROOT)).put("out", target.toString());
        }
        console.say("wrote " + written.size() + " file(s) to " + out);
        return result;
    }

    private static String roundTrip(XmlCodec codec, Path file) {
        return StorageFiles.read(file, codec::roundTrip, "a pool, volume or domain (e.g. virsh pool-dumpxml NAME"
                + " > pool.xml)");
    }
}
