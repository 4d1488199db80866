package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.virtshare.VirtShareException;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code xml roundtrip [--out DIR] FILE…}: parses libvirt XML (pool, volume or domain)
 * with the typed codec and writes it back — to stdout for one FILE, else to
 * {@code DIR/<file name>} each, with a JSON list of what was written. Every file is read
 * before anything is written, so one bad file leaves nothing half done. An existing regular
 * file in DIR is replaced; a symbolic link there is refused, never written through.
 */
final class XmlRoundtripCommand implements Command {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Override
    public String name() {
        return "xml roundtrip";
    }

    @Override
    public String synopsis() {
        return "xml roundtrip [--out DIR] FILE...";
    }

    @Override
    public Output run(List<String> words, Console console) throws IOException {
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
            return new Output.Xml(written.values().iterator().next());
        }
        Path out = Files.createDirectories(console.path(args.option("out").get()));
        for (Path file : written.keySet()) {
            refuseLink(out.resolve(file.getFileName()));
        }
        ArrayNode result = JSON.arrayNode();
        for (Map.Entry<Path, String> e : written.entrySet()) {
            Path target = out.resolve(e.getKey().getFileName());
            replace(target, e.getValue());
            result.addObject().put("file", e.getKey().toString()).put("kind", codec.detect(e.getValue()).name()
                    .toLowerCase(java.util.Locale.ROOT)).put("out", target.toString());
        }
        console.say("wrote " + written.size() + " file(s) to " + out);
        return new Output.Tree(result);
    }

    /** An output name that is a link or not a regular file is refused: the runner never writes through links. */
    private static void refuseLink(Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new VirtShareException(target + (Files.isSymbolicLink(target) ? " is a symbolic link" : " is not a"
                    + " regular file") + "; xml roundtrip never writes through links or over other files: remove it or"
                    + " choose another --out DIR");
        }
    }

    /**
     * Writes {@code text} to a new file beside {@code target} (created, never opened through a
     * link) and renames it over {@code target}: a regular file there is replaced, a link planted
     * meanwhile is replaced itself, never followed.
     */
    private static void replace(Path target, String text) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UniqueTokens.next() + ".tmp");
        try {
            try (OutputStream stream = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                stream.write(text.getBytes(StandardCharsets.UTF_8));
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String roundTrip(XmlCodec codec, Path file) {
        return StorageFiles.read(file, codec::roundTrip, "a pool, volume or domain (e.g. virsh pool-dumpxml NAME"
                + " > pool.xml)");
    }
}
