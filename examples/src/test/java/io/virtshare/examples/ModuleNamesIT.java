package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The built jars as the module path sees them: each names itself through
 * {@code Automatic-Module-Name} (not a name derived from the file, which changes with the
 * version), and no two of them hold classes of one package (split packages cannot be
 * loaded as modules).
 */
class ModuleNamesIT {
    private static final Map<String, String> NAMES = Map.of(
            "sdk-api", "io.virtshare.api",
            "sdk-libvirt", "io.virtshare.libvirt",
            "sdk-hf", "io.virtshare.hf",
            "sdk-testkit", "io.virtshare.testkit",
            "examples", "io.virtshare.examples");

    /** Our jars: the SDK's from the test class path, this module's own from target/. */
    private static Map<String, Path> jars() throws IOException {
        Map<String, Path> jars = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String file = path.getFileName().toString();
            for (String artifact : NAMES.keySet()) {
                if (file.matches(artifact + "-\\d[^-]*(-SNAPSHOT)?\\.jar")) {
                    jars.put(artifact, path);
                }
            }
        }
        try (Stream<Path> target = Files.list(Path.of("target"))) {
            target.filter(p -> p.getFileName().toString().matches("examples-\\d[^-]*(-SNAPSHOT)?\\.jar"))
                    .forEach(p -> jars.put("examples", p));
        }
        return jars;
    }

    @Test
    void everyJar_namesItsModuleInItsManifest() throws IOException {
        Map<String, Path> jars = jars();
        assertThat(jars.keySet()).as("jars found on the class path and in target/: %s", jars)
                .containsExactlyInAnyOrderElementsOf(NAMES.keySet());
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            try (JarFile file = new JarFile(jar.getValue().toFile())) {
                assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .as("Automatic-Module-Name of %s", jar.getValue()).isEqualTo(NAMES.get(jar.getKey()));
            }
            Set<ModuleReference> found = ModuleFinder.of(jar.getValue()).findAll();
            assertThat(found).extracting(r -> r.descriptor().name()).containsExactly(NAMES.get(jar.getKey()));
        }
    }

    @Test
    void noTwoJars_holdOnePackage_soTheyLoadAsModulesTogether() throws IOException {
        Map<String, Path> jars = jars();
        ModuleFinder finder = ModuleFinder.of(jars.values().toArray(Path[]::new));
        Map<String, List<String>> owners = new HashMap<>();
        for (ModuleReference reference : finder.findAll()) {
            for (String pkg : reference.descriptor().packages()) {
                owners.computeIfAbsent(pkg, p -> new ArrayList<>()).add(reference.descriptor().name());
            }
        }
        Map<String, List<String>> split = owners.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(split).as("packages held by more than one jar").isEmpty();

        Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(),
                Set.copyOf(NAMES.values()));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration,
                ClassLoader.getPlatformClassLoader());
        assertThat(layer.modules()).extracting(Module::getName)
                .containsExactlyInAnyOrderElementsOf(NAMES.values());
        assertThat(layer.findModule("io.virtshare.api").orElseThrow().getPackages())
                .contains("io.virtshare", "io.virtshare.datastore", "io.virtshare.internal.catalog");
    }
}
