package io.virtshare.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A kernel image this host can boot guests with, and its module tree.
 *
 * <p>A usable guest kernel has, besides {@code vmlinuz}, the modules virtshare's guest
 * proofs load: {@code fuse} and {@code virtiofs} for virtiofs, {@code 9pnet_virtio} and
 * {@code 9p} for 9p (compressed {@code .ko.xz}/{@code .ko.zst} count too). The running
 * kernel is preferred when its image is installed; otherwise the newest installed one.
 *
 * <pre>{@code
 * GuestKernel.find().ifPresent(k -> System.out.println(k.image() + " " + k.release()));
 * }</pre>
 *
 * @param release the kernel release, e.g. {@code 6.1.0-56-amd64}
 * @param image the bootable image, e.g. {@code /boot/vmlinuz-6.1.0-56-amd64}
 * @param modules the module tree, e.g. {@code /lib/modules/6.1.0-56-amd64}
 */
public record GuestKernel(String release, Path image, Path modules) {

    /** Modules a guest needs for virtiofs and 9p shares, by base name. */
    public static final List<String> REQUIRED_MODULES = List.of("fuse", "virtiofs", "9pnet_virtio", "9p");

    public GuestKernel {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(modules, "modules");
    }

    /** Finds a usable guest kernel under {@code /boot} and {@code /lib/modules}. */
    public static Optional<GuestKernel> find() {
        return find(Path.of("/boot"), Path.of("/lib/modules"), System.getProperty("os.version", ""));
    }

    static Optional<GuestKernel> find(Path boot, Path moduleRoot, String runningRelease) {
        List<GuestKernel> usable = new ArrayList<>();
        try (DirectoryStream<Path> images = Files.newDirectoryStream(boot, "vmlinuz-*")) {
            for (Path image : images) {
                String release = image.getFileName().toString().substring("vmlinuz-".length());
                Path modules = moduleRoot.resolve(release);
                if (Files.isReadable(image) && missingModules(modules).isEmpty()) {
                    usable.add(new GuestKernel(release, image, modules));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return usable.stream()
                .filter(k -> k.release().equals(runningRelease))
                .findFirst()
                .or(() -> usable.stream().max(Comparator.comparing(GuestKernel::release, GuestKernel::compareReleases)));
    }

    /** The required modules that {@code modules} lacks. */
    static List<String> missingModules(Path modules) {
        if (!Files.isDirectory(modules)) {
            return REQUIRED_MODULES;
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(modules.resolve("kernel"))) {
            files.forEach(f -> names.add(moduleName(f.getFileName().toString())));
        } catch (IOException | RuntimeException e) {
            return REQUIRED_MODULES;
        }
        return REQUIRED_MODULES.stream().filter(m -> !names.contains(m)).toList();
    }

    private static String moduleName(String file) {
        int ko = file.indexOf(".ko");
        return ko < 0 ? "" : file.substring(0, ko);
    }

    /** Compares releases like {@code 6.1.0-56-amd64} numerically, component by component. */
    static int compareReleases(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            if (x[i].matches("\\d+") && y[i].matches("\\d+")) {
                c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
