package io.virtshare.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The examples runner as a user runs it: {@code java -jar virtshare-examples.jar ARGS} with the
 * {@code java} of this JVM, or the launcher script beside the jar ({@code virtshare-examples},
 * which adds the build's class-data sharing archive). The jar is given with {@code --runner-jar},
 * or found at {@code examples/target/virtshare-examples.jar} of the repository this runs in.
 */
final class Runner {
    static final String JAR_NAME = "virtshare-examples.jar";
    static final String LAUNCHER_NAME = "virtshare-examples";

    private final Path jar;
    private final Way way;

    Runner(Path jar, Way way) {
        if (!way.asUser()) {
            throw new IllegalArgumentException("the runner is started as a user does: " + way + " is in process");
        }
        this.jar = jar.toAbsolutePath();
        this.way = way;
    }

    /** The runner jar: {@code given}, else the one the repository around the working directory or this jar holds. */
    static Optional<Path> find(Optional<Path> given) {
        if (given.isPresent()) {
            return given.filter(Files::isRegularFile);
        }
        List<Path> candidates = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("examples").resolve("target").resolve(JAR_NAME));
        }
        try {
            Path self = Path.of(Runner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = self.getParent(); dir != null; dir = dir.getParent()) {
                candidates.add(dir.resolve("examples").resolve("target").resolve(JAR_NAME));
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // only the working directory's repository
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    /** What is missing for this way, when something is (the launcher script is made with the jar's archive). */
    Optional<String> missing() {
        if (!Files.isRegularFile(jar)) {
            return Optional.of(jar + " is not there (build it: ./mvnw package -pl examples -am)");
        }
        if (way == Way.CDS && !Files.isExecutable(launcher())) {
            return Optional.of(launcher() + " is not there (the examples build makes it with the jar)");
        }
        return Optional.empty();
    }

    Way way() {
        return way;
    }

    private Path launcher() {
        return jar.resolveSibling(LAUNCHER_NAME);
    }

    /** The runner with {@code args}. */
    UserCommand command(List<String> args) {
        return command(args, Map.of());
    }

    /** The runner with {@code args} and {@code environment} added. */
    UserCommand command(List<String> args, Map<String, String> environment) {
        List<String> line = new ArrayList<>();
        if (way == Way.CDS) {
            line.add(launcher().toString());
        } else {
            line.addAll(List.of(java(), "-jar", jar.toString()));
        }
        line.addAll(args);
        Map<String, String> env = new java.util.HashMap<>(environment);
        if (way == Way.CDS) {
            env.put("JAVA_HOME", System.getProperty("java.home"));
        }
        return new UserCommand(line, env);
    }

    /** The {@code java} of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
