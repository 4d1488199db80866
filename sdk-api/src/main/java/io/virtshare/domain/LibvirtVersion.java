package io.virtshare.domain;

import io.virtshare.InvalidSpecException;

/**
 * A libvirt or hypervisor version as libvirt encodes it ({@code major * 1,000,000 +
 * minor * 1,000 + release}).
 *
 * <pre>{@code
 * LibvirtVersion v = LibvirtVersion.decode(9_000_000L); // 9.0.0
 * }</pre>
 *
 * @param major major version
 * @param minor minor version
 * @param release release
 */
public record LibvirtVersion(int major, int minor, int release) implements Comparable<LibvirtVersion> {
    public LibvirtVersion {
        if (major < 0 || minor < 0 || release < 0) {
            throw new InvalidSpecException("version components must not be negative: "
                    + major + "." + minor + "." + release + "; give the version libvirt reports, e.g. 9.0.0");
        }
    }

    /** Decodes libvirt's numeric encoding. */
    public static LibvirtVersion decode(long encoded) {
        if (encoded < 0) {
            throw new InvalidSpecException("libvirt version must not be negative: " + encoded + "; give the number"
                    + " libvirt's virConnectGetLibVersion returns");
        }
        return new LibvirtVersion((int) (encoded / 1_000_000), (int) (encoded / 1000 % 1000), (int) (encoded % 1000));
    }

    @Override
    public int compareTo(LibvirtVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        return c != 0 ? c : Integer.compare(release, other.release);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + release;
    }
}
