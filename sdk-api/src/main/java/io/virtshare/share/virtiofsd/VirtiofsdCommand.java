package io.virtshare.share.virtiofsd;

import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The virtiofsd command line for one virtiofs share of a VM, in the syntax of one daemon
 * flavour, as {@link io.virtshare.share.VmShares#virtiofsdCommands(VirtiofsdFlavour)}
 * derives it: which share, the directory it serves, the socket QEMU connects to, and the
 * arguments after the binary.
 *
 * <pre>{@code
 * for (VirtiofsdCommand c : vm.virtiofsdCommands(VirtiofsdFlavour.C)) {   // vm: a VmShares
 *     System.out.println("/usr/lib/qemu/virtiofsd " + String.join(" ", c.arguments()));
 * }
 * }</pre>
 *
 * @param tag the share's mount tag
 * @param source the directory served (absolute)
 * @param socket the vhost-user socket (absolute)
 * @param arguments the daemon's arguments, without the binary
 */
public record VirtiofsdCommand(String tag, Path source, Path socket, List<String> arguments) {

    public VirtiofsdCommand {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(socket, "socket");
        arguments = List.copyOf(arguments);
        if (!source.isAbsolute() || !socket.isAbsolute()) {
            throw new InvalidSpecException("virtiofsd command for share '" + tag + "': source " + source
                    + " and socket " + socket + " must be absolute; derive commands with VmShares.virtiofsdCommands");
        }
    }
}
