package io.virtshare.datastore;

/**
 * What one image takes up, measured now.
 *
 * <pre>{@code
 * ImageUsage u = ds.images().usage(ds.images().get(3));
 * System.out.println(u.sizeMb() + " MB in " + u.files() + " files");
 * }</pre>
 *
 * @param apparentBytes bytes of its files
 * @param allocatedBytes bytes allocated on disk (less with reflinks or sparse files)
 * @param files regular files
 */
public record ImageUsage(long apparentBytes, long allocatedBytes, long files) {
    /** The size in MB rounded up, as OpenNebula's {@code stat} driver reports it. */
    public long sizeMb() {
        return (apparentBytes >> 20) + ((apparentBytes & ((1 << 20) - 1)) == 0 ? 0 : 1);
    }
}
