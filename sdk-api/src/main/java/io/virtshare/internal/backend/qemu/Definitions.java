package io.virtshare.internal.backend.qemu;

import io.virtshare.BackendFailure;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The VM specs the {@code qemu} backend keeps as JSON files: the persistent definition and the
 * spec a running VM was started with. Written whole (a temporary file renamed over the old
 * one); read strictly: a file that is not a valid spec is an error naming the file.
 */
final class Definitions {
    private final Path home;
    private final VmFiles files;

    Definitions(Path home, VmFiles files) {
        this.home = home;
        this.files = files;
    }

    Optional<VmSpec> definition(String name) {
        return read(files.definition(name), name);
    }

    Optional<VmSpec> running(String name) {
        return read(files.running(name), name);
    }

    void writeDefinition(VmSpec spec) {
        write(files.definition(spec.name()), spec);
    }

    void writeRunning(VmSpec spec) {
        write(files.running(spec.name()), spec);
    }

    void removeDefinition(String name) {
        remove(files.definition(name), name);
    }

    void removeRunning(String name) {
        remove(files.running(name), name);
    }

    /** The names of the VMs that have a definition or a running spec, sorted. */
    List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(files.root())) {
            return List.of();
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(files.root())) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (Files.exists(dir.resolve(VmFiles.DEFINITION)) || Files.exists(dir.resolve(VmFiles.RUNNING))) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw QemuErrors.error(home, "list vms", null, BackendFailure.FAILED, "cannot read " + files.root()
                    + ": " + e.getMessage() + "; check its permissions", e);
        }
        return new ArrayList<>(names);
    }

    private Optional<VmSpec> read(Path file, String name) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw QemuErrors.error(home, "read vm", name, BackendFailure.FAILED, "cannot read " + file + ": "
                    + e.getMessage() + "; check its permissions", e);
        }
        VmSpec spec;
        try {
            spec = SpecJson.read(json);
        } catch (IllegalArgumentException e) {
            throw QemuErrors.error(home, "read vm", name, BackendFailure.FAILED, "the VM file " + file
                    + " is corrupt: " + e.getMessage() + "; restore it, or delete " + file.getParent()
                    + " and define the VM again", e);
        }
        if (!spec.name().equals(name)) {
            throw QemuErrors.error(home, "read vm", name, BackendFailure.FAILED, "the VM file " + file
                    + " describes VM '" + spec.name() + "', not '" + name + "'; move it to " + files.directory(
                    spec.name()) + " or delete it");
        }
        return Optional.of(spec);
    }

    private void write(Path file, VmSpec spec) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(temporary, SpecJson.write(spec), StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw QemuErrors.error(home, "write vm", spec.name(), BackendFailure.FAILED, "cannot write " + file
                    + ": " + e.getMessage() + "; check that the virtshare home is writable", e);
        }
    }

    private void remove(Path file, String name) {
        try {
            Files.deleteIfExists(file);
            Path dir = file.getParent();
            try (DirectoryStream<Path> left = Files.newDirectoryStream(dir)) {
                if (!left.iterator().hasNext()) {
                    Files.deleteIfExists(dir);
                }
            }
        } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
            // gone already, or another file was written meanwhile: the directory stays
        } catch (IOException e) {
            throw QemuErrors.error(home, "remove vm", name, BackendFailure.FAILED, "cannot remove " + file + ": "
                    + e.getMessage() + "; check the permissions of " + file.getParent(), e);
        }
    }
}
