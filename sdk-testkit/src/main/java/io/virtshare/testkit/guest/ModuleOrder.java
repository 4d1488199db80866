package io.virtshare.testkit.guest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which module files to insert, in which order, for a list of wanted modules: read
 * from a kernel's {@code modules.dep} (each line {@code path: dependency paths}) and
 * {@code modules.builtin} (modules compiled into the kernel, which need no file).
 * Dependencies are resolved transitively and always come before what needs them
 * ({@code virtio_ring} before {@code virtio}, {@code netfs} before {@code fscache}
 * before {@code 9p}), each module once.
 */
final class ModuleOrder {
    private final Map<String, String> pathByName;
    private final Map<String, List<String>> depsByPath;
    private final Set<String> builtin;

    private ModuleOrder(Map<String, String> pathByName, Map<String, List<String>> depsByPath, Set<String> builtin) {
        this.pathByName = pathByName;
        this.depsByPath = depsByPath;
        this.builtin = builtin;
    }

    /**
     * Parses the two files' texts.
     *
     * @throws IllegalArgumentException when a line of {@code modules.dep} is malformed
     */
    static ModuleOrder parse(String modulesDep, String modulesBuiltin) {
        Map<String, String> pathByName = new HashMap<>();
        Map<String, List<String>> deps = new HashMap<>();
        int number = 0;
        for (String line : modulesDep.split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("modules.dep line " + number + " has no 'path:': " + line);
            }
            String path = line.substring(0, colon).strip();
            String rest = line.substring(colon + 1).strip();
            deps.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
            pathByName.putIfAbsent(name(path), path);
        }
        Set<String> builtin = new HashSet<>();
        for (String line : modulesBuiltin.split("\n")) {
            if (!line.isBlank()) {
                builtin.add(name(line.strip()));
            }
        }
        return new ModuleOrder(pathByName, deps, builtin);
    }

    /**
     * The module files (paths relative to the module tree) to insert for {@code wanted},
     * dependencies first; built-in modules need nothing.
     *
     * @throws IllegalArgumentException naming a module the kernel has neither as file nor built in
     */
    List<String> resolve(List<String> wanted) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        for (String module : wanted) {
            String key = normalise(module);
            if (builtin.contains(key)) {
                continue;
            }
            String path = pathByName.get(key);
            if (path == null) {
                throw new IllegalArgumentException("the kernel has no module '" + module
                        + "' (not in modules.dep, not built in); use a kernel built with it");
            }
            visit(path, order, new HashSet<>());
        }
        return new ArrayList<>(order);
    }

    private void visit(String path, LinkedHashSet<String> order, Set<String> inProgress) {
        if (order.contains(path)) {
            return;
        }
        if (!inProgress.add(path)) {
            throw new IllegalArgumentException("modules.dep has a dependency cycle through " + path);
        }
        for (String dep : depsByPath.getOrDefault(path, List.of())) {
            if (!builtin.contains(name(dep))) {
                visit(dep, order, inProgress);
            }
        }
        inProgress.remove(path);
        order.add(path);
    }

    /** The module name of a path: {@code kernel/fs/9p/9p.ko.xz} is {@code 9p}; dashes count as underscores. */
    static String name(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int ko = file.indexOf(".ko");
        return normalise(ko < 0 ? file : file.substring(0, ko));
    }

    private static String normalise(String module) {
        return module.replace('-', '_');
    }
}
