package io.virtshare.testkit;

import io.virtshare.VirtShareException;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private OpenSSH server on 127.0.0.1 for tests of libvirt's {@code qemu+ssh://}
 * transport: its own port, host key, client key and known-hosts file in a temporary
 * directory, so nothing of the machine's SSH setup is read or changed. Root only
 * ({@link HostTool#SSHD}).
 *
 * <pre>{@code
 * try (LocalSshd sshd = LocalSshd.start();
 *         VirtShare vs = VirtShare.builder().home(home).backend("libvirt").uri(sshd.libvirtUri("system")).build()) {
 *     vs.pools().list();    // through ssh, virt-ssh-helper and the daemon's socket
 * }
 * }</pre>
 */
public final class LocalSshd implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Process process;
    private final int port;
    private boolean closed;

    private LocalSshd(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /**
     * Makes the keys and configuration, starts {@code sshd} in the foreground and waits
     * until it accepts connections.
     *
     * @throws VirtShareException when a step fails; what was set up is undone
     */
    public static LocalSshd start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("virtshare-sshd-");
        } catch (IOException e) {
            throw new VirtShareException("cannot create a directory for a private sshd: " + e.getMessage(), e);
        }
        Process process = null;
        try {
            keygen(dir.resolve("host_key"));
            keygen(dir.resolve("id"));
            Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
            int port = freePort();
            Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "Port " + port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + dir.resolve("host_key"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "PermitRootLogin prohibit-password",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "StrictModes no",
                    "PidFile " + dir.resolve("sshd.pid"), ""));
            Path wrapper = Files.writeString(dir.resolve("ssh"), "#!/bin/sh\nexec ssh -o UserKnownHostsFile="
                    + dir.resolve("known_hosts") + " -o StrictHostKeyChecking=no -o BatchMode=yes \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
            process = new ProcessBuilder(Executables.find("sshd").map(Path::toString).orElse("sshd"), "-D", "-e",
                    "-f", config.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sshd.log").toFile()).start();
            awaitListening(process, port, dir);
            return new LocalSshd(dir, process, port);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            TreeDeleter.deleteQuietly(dir);
            throw e instanceof VirtShareException v ? v
                    : new VirtShareException("cannot start a private sshd: " + e.getMessage()
                            + "; it needs root and openssh-server", e);
        }
    }

    private static void keygen(Path key) {
        CommandResult result = CommandRunner.run(TIMEOUT, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "",
                "-f", key.toString()));
        if (!result.succeeded()) {
            throw new VirtShareException(result.describe() + "; a private sshd needs ssh-keygen (openssh-client)");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(Process process, int port, Path dir) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new VirtShareException("sshd exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("sshd.log")).strip());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new VirtShareException("interrupted while waiting for sshd", interrupted);
                }
            }
        }
        throw new VirtShareException("sshd did not listen on 127.0.0.1:" + port + " within " + TIMEOUT.toSeconds()
                + " s: " + Files.readString(dir.resolve("sshd.log")).strip());
    }

    /** The port sshd listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The client's private key (its public half is the only authorized key). */
    public Path clientKey() {
        return dir.resolve("id");
    }

    /**
     * A libvirt URI reaching the local daemon through this sshd as root, e.g.
     * {@code qemu+ssh://root@127.0.0.1:40123/system?keyfile=…&command=…&no_tty=1}: the
     * {@code command} is an {@code ssh} wrapper that keeps host keys in this server's
     * directory.
     *
     * @param path {@code system} or {@code session}
     */
    public String libvirtUri(String path) {
        return "qemu+ssh://root@127.0.0.1:" + port + "/" + path + "?keyfile=" + encode(clientKey()) + "&command="
                + encode(dir.resolve("ssh")) + "&no_tty=1";
    }

    private static String encode(Path path) {
        return URLEncoder.encode(path.toString(), StandardCharsets.UTF_8);
    }

    /** What sshd logged (connections accepted, errors). */
    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops sshd and removes its directory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        TreeDeleter.deleteQuietly(dir);
    }
}
