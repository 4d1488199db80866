package io.virtshare.vm;

/**
 * What a VM is doing, as its backend reports it.
 *
 * <pre>{@code
 * if (vm.state() == VmState.SHUT_OFF) {
 *     vm.start();
 * }
 * }</pre>
 */
public enum VmState {
    /** Running. */
    RUNNING,
    /** Started but paused. */
    PAUSED,
    /** Defined and not running. */
    SHUT_OFF,
    /** Stopped by a crash. */
    CRASHED,
    /** Any state this SDK does not name (shutting down, suspended, newer states). */
    OTHER
}
