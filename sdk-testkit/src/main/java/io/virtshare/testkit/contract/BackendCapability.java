package io.virtshare.testkit.contract;

/**
 * What a backend can do beyond writing definitions, as its contract test declares: the
 * contract runs the matching tests for what it can, and checks that what it cannot is
 * refused with {@link io.virtshare.BackendFailure#NOT_SUPPORTED} and a message naming a
 * backend that can.
 *
 * <pre>{@code
 * protected Set<BackendCapability> capabilities() {
 *     return EnumSet.of(BackendCapability.RUNNING_VMS, BackendCapability.LIVE_ATTACH);
 * }
 * }</pre>
 */
public enum BackendCapability {
    /** Starts and stops VMs ({@code Vm.start()}, {@code Vm.stop()}, transient {@code Vms.create}). */
    RUNNING_VMS,
    /** Changes a running VM's devices ({@code DeviceScope.LIVE}); needs {@link #RUNNING_VMS}. */
    LIVE_ATTACH,
    /** Moves volume data ({@code Volume.upload}, {@code download}, {@code wipe}). */
    VOLUME_DATA
}
