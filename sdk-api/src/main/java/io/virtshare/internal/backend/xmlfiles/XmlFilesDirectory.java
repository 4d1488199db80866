package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.internal.files.FileNames;
import io.virtshare.internal.files.UniqueTokens;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The directory the xml-files backend writes into, and how it writes: every file through a
 * temporary file beside it and one rename (a new file by a hard link, which refuses a name
 * taken meanwhile), names checked before they become file names, I/O failures as
 * {@link BackendException}s naming the file.
 *
 * <pre>
 * ROOT/pools/NAME.xml            the pool's XML
 * ROOT/pools/NAME.state          active, autostart, built (a properties file)
 * ROOT/pools/NAME/VOLUME.xml     its volumes' XML
 * ROOT/domains/NAME.xml          the VMs' domain XML
 * </pre>
 */
final class XmlFilesDirectory {
    static final String BACKEND = XmlFilesBackendProvider.NAME;
    private static final String XML = ".xml";
    private static final String STATE = ".state";
    /** Room for the suffixes and a temporary file's prefix within the usual 255-byte file name limit. */
    private static final int MAX_NAME_BYTES = 200;

    private final Path root;

    XmlFilesDirectory(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    String target() {
        return root.toString();
    }

    Path pools() {
        return root.resolve("pools");
    }

    Path poolFile(String pool) {
        return pools().resolve(pool + XML);
    }

    Path poolStateFile(String pool) {
        return pools().resolve(pool + STATE);
    }

    Path volumeDirectory(String pool) {
        return pools().resolve(pool);
    }

    Path volumeFile(String pool, String volume) {
        return volumeDirectory(pool).resolve(volume + XML);
    }

    Path domains() {
        return root.resolve("domains");
    }

    Path domainFile(String vm) {
        return domains().resolve(vm + XML);
    }

    /** Makes the directory and its {@code pools} and {@code domains} directories. */
    void makeDirectories() {
        for (Path dir : List.of(pools(), domains())) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw failure("open", null, dir, e);
            }
        }
    }

    /**
     * Checks that {@code name} can be a file name here.
     *
     * @throws InvalidSpecException naming what is wrong and what to give instead
     */
    static String checkName(String kind, String name) {
        String problem = null;
        if (name.isEmpty()) {
            problem = "is empty";
        } else if (name.contains("/")) {
            problem = "contains '/'";
        } else if (name.contains("..")) {
            problem = "contains '..'";
        } else if (name.startsWith(".")) {
            problem = "starts with '.'";
        } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem = "contains control characters";
        } else if (FileNames.bytes(name).length > MAX_NAME_BYTES) {
            problem = "is longer than " + MAX_NAME_BYTES + " bytes";
        } else {
            problem = FileNames.unwritable(name).orElse(null);
        }
        if (problem != null) {
            throw new InvalidSpecException(kind + " name '" + FileNames.shown(FileNames.bytes(name)) + "' " + problem
                    + "; the " + BACKEND + " backend keeps each " + kind + " in a file of that name: give a name of"
                    + " letters, digits, '-', '_' and '.' (not first), such as 'images'");
        }
        return name;
    }

    /** The names of the {@code NAME.xml} files in {@code dir}, sorted; empty when {@code dir} is missing. */
    List<String> names(Path dir, String operation) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + XML)) {
            for (Path entry : entries) {
                String file = entry.getFileName().toString();
                if (!file.startsWith(".") && Files.isRegularFile(entry)) {
                    names.add(file.substring(0, file.length() - XML.length()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw failure(operation, null, dir, e);
        }
        names.sort(null);
        return List.copyOf(names);
    }

    /** The text of {@code file}, or empty when it does not exist. */
    Optional<String> read(Path file, String operation, String subject) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure(operation, subject, file, e);
        }
    }

    /**
     * Writes {@code text} as the new file {@code file}.
     *
     * @throws BackendException with {@link BackendFailure#ALREADY_EXISTS} when the file exists
     */
    void create(Path file, String text, String operation, String subject, String kind) {
        Path temp = writeTemp(file, text, operation, subject);
        try {
            try {
                Files.createLink(file, temp);
            } catch (UnsupportedOperationException e) {
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString());
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new BackendException(BACKEND, target(), operation, subject, BackendFailure.ALREADY_EXISTS,
                    "a " + kind + " called '" + subject + "' already exists (" + file + "); choose another name, or"
                            + " remove the existing one first", null);
        } catch (IOException e) {
            throw failure(operation, subject, file, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Replaces {@code file} (or makes it) with {@code text}, in one rename. */
    void replace(Path file, String text, String operation, String subject) {
        Path temp = writeTemp(file, text, operation, subject);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure(operation, subject, file, e);
        }
    }

    /** Removes {@code file}; whether it was there. */
    boolean delete(Path file, String operation, String subject) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw failure(operation, subject, file, e);
        }
    }

    /** The properties in {@code file}; empty properties when it does not exist. */
    Properties readState(Path file, String operation, String subject) {
        Properties state = new Properties();
        Optional<String> text = read(file, operation, subject);
        if (text.isPresent()) {
            try {
                state.load(new StringReader(text.get()));
            } catch (IOException | IllegalArgumentException e) {
                throw new BackendException(BACKEND, target(), operation, subject, BackendFailure.FAILED, "the state"
                        + " file " + file + " is damaged (" + e.getMessage() + "); remove it, and the " + BACKEND
                        + " backend reads the " + subject + " as stopped", null);
            }
        }
        return state;
    }

    /** Replaces {@code file} with {@code state}. */
    void writeState(Path file, Properties state, String operation, String subject) {
        StringWriter text = new StringWriter();
        for (String key : new TreeSet<>(state.stringPropertyNames())) {
            text.append(key).append('=').append(state.getProperty(key)).append('\n');
        }
        replace(file, text.toString(), operation, subject);
    }

    private Path writeTemp(Path file, String text, String operation, String subject) {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UniqueTokens.next() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(temp, text);
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure(operation, subject, file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file starts with '.' and is never read
        }
    }

    /** The {@code kind} called {@code name} is not there; {@code hint} says how to make or find one. */
    BackendException notFound(String operation, String kind, String name, String hint) {
        return new BackendException(BACKEND, target(), operation, name, BackendFailure.NOT_FOUND,
                "there is no " + kind + " called '" + name + "' in " + root + "; " + hint, null);
    }

    /**
     * What only a real target can do: {@code what} cannot be done here; {@code alternative}
     * names the backend that can.
     */
    BackendException notSupported(String operation, String subject, String what, String alternative) {
        return new BackendException(BACKEND, target(), operation, subject, BackendFailure.NOT_SUPPORTED,
                "the " + BACKEND + " backend only writes definitions into " + root + " and cannot " + what + "; "
                        + alternative, null);
    }

    /** {@code subject} is in a state that forbids {@code operation}; {@code fix} says what to do first. */
    BackendException busy(String operation, String subject, String why, String fix) {
        return refused(BackendFailure.BUSY, operation, subject, why, fix);
    }

    /** {@code operation} on {@code subject} is refused as {@code failure}; {@code fix} says what to do. */
    BackendException refused(BackendFailure failure, String operation, String subject, String why, String fix) {
        return new BackendException(BACKEND, target(), operation, subject, failure, why + "; " + fix, null);
    }

    /** A {@link BackendException} for an I/O failure on {@code file}. */
    BackendException failure(String operation, String subject, Path file, IOException e) {
        boolean denied = e instanceof AccessDeniedException;
        return new BackendException(BACKEND, target(), operation, subject,
                denied ? BackendFailure.ACCESS_DENIED : BackendFailure.FAILED,
                "cannot " + operation + ": " + file + ": "
                        + (denied ? "permission denied" : String.valueOf(e.getMessage()))
                        + "; check that the directory " + root + " is writable by this user and its file system has"
                        + " room, or give the " + BACKEND + " backend another directory (VirtShare.builder().uri("
                        + "\"file:///path\"))", e);
    }
}
