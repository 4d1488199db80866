package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.examples.Quickstart;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code quickstart [--workdir DIR]}: the main job on the embedded default. */
final class QuickstartCommand implements Command {
    @Override
    public String name() {
        return "quickstart";
    }

    @Override
    public String synopsis() {
        return "quickstart [--workdir DIR]        walk through what virtshare does here, on the embedded default";
    }

    @Override
    public JsonNode run(List<String> words, Console console) {
        Args args = Args.parse(words, Set.of("workdir"), Set.of()).noOperands();
        return Quickstart.run(args.option("workdir").map(Path::of).orElse(null), console.stream());
    }
}
