package io.virtshare.share.virtiofsd;

/**
 * Why a virtiofsd did not start or stopped serving, recognised from its exit and the
 * last lines of its log, each with what to do about it.
 *
 * <pre>{@code
 * if (daemon.state() instanceof VirtiofsdState.Failed f) {
 *     System.err.println(f.failure() + ": " + f.failure().advice());
 * }
 * }</pre>
 */
public enum VirtiofsdFailure {
    /** Another live daemon holds the socket or its pid file. */
    SOCKET_IN_USE("another virtiofsd serves this socket; stop it, or give the share another socket path"),
    /** The directory the socket should be created in does not exist. */
    SOCKET_DIRECTORY_MISSING("create the socket's directory, or give a socket path in an existing directory"),
    /** The shared directory is missing or not a directory. */
    SOURCE_UNUSABLE("the shared directory must exist and be a directory; create it or fix the share's source"),
    /** The daemon rejected a command-line option (often: the other flavour's syntax). */
    OPTION_REJECTED("this virtiofsd rejected an option; check which flavour it is (VirtiofsdBinary.detect) and"
            + " drop options it lacks"),
    /** The guest's memory is not shared with the daemon. */
    SHARED_MEMORY_MISSING("the guest's RAM must be shared: QEMU -object memory-backend-memfd,share=on"
            + " (VmShares.qemuArguments adds it) or libvirt <memoryBacking><source type='memfd'/><access mode='shared'/>"),
    /** The daemon ran out of file descriptors. */
    TOO_MANY_OPEN_FILES("raise the open-file limit (C daemon: --rlimit-nofile=N; Rust daemon:"
            + " --inode-file-handles=prefer), or share a smaller tree"),
    /** The daemon lacked a permission (it must run as root, or the socket directory is not writable). */
    PERMISSION_DENIED("run virtiofsd as root (it needs to create namespaces) with write access to the socket"
            + " directory and read access to the source"),
    /** The daemon did not become ready within the launcher's timeout. */
    NOT_READY_IN_TIME("the daemon neither failed nor created its socket in time; read its log, or raise"
            + " readyTimeout"),
    /** The binary could not be executed at all. */
    CANNOT_EXECUTE("check the virtiofsd path and that it is executable"),
    /** An exit no known signature explains. */
    UNEXPECTED_EXIT("read the daemon's log (its last lines are in the state) for the cause");

    private final String advice;

    VirtiofsdFailure(String advice) {
        this.advice = advice;
    }

    /** What to do about it. */
    public String advice() {
        return advice;
    }
}
