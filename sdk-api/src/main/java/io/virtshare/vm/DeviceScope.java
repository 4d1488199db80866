package io.virtshare.vm;

/**
 * Where a device change applies: to the running VM, to its persistent definition, or both
 * (libvirt's {@code --live} and {@code --config}). With neither given, a change applies to
 * the running VM when it runs and to the definition otherwise (libvirt's {@code --current}).
 *
 * <pre>{@code
 * vm.attach(device, DeviceScope.LIVE, DeviceScope.CONFIG);   // now and after the next start
 * }</pre>
 */
public enum DeviceScope {
    /** The running VM: takes effect now, gone when it stops (unless also {@link #CONFIG}). */
    LIVE,
    /** The persistent definition: takes effect at the next start. */
    CONFIG
}
