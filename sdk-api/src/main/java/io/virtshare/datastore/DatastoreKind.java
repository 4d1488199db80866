package io.virtshare.datastore;

import java.util.Locale;

/**
 * The two kinds of directory-image datastore, as OpenNebula defines them.
 *
 * <pre>{@code
 * DatastoreKind.fromDsMad("sharedfs"); // SHARED_FS
 * }</pre>
 */
public enum DatastoreKind {
    /**
     * {@code DS_MAD=sharedfs}: sources are copied, extracted or downloaded into
     * {@code BASE_PATH/<id>}; images can be cloned and deleted.
     */
    SHARED_FS("sharedfs", "SHAREDFS"),
    /**
     * {@code DS_MAD=virtiofs}: images record a registered directory in place; clone,
     * snapshot, disk-attach and save-as are refused.
     */
    VIRTIO_FS("virtiofs", "FILESYSTEM");

    private final String dsMad;
    private final String diskType;

    DatastoreKind(String dsMad, String diskType) {
        this.dsMad = dsMad;
        this.diskType = diskType;
    }

    /** The template's {@code DS_MAD} value. */
    public String dsMad() {
        return dsMad;
    }

    /** The template's {@code DISK_TYPE} value. */
    public String diskType() {
        return diskType;
    }

    /**
     * The kind for a {@code DS_MAD} value (any case).
     *
     * @throws DatastoreException for another driver, naming the two supported
     */
    public static DatastoreKind fromDsMad(String value) {
        for (DatastoreKind kind : values()) {
            if (kind.dsMad.equals(value.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw DatastoreException.invalid("DS_MAD = \"" + value + "\" is not a directory-image datastore; use \"sharedfs\""
                + " or \"virtiofs\"");
    }
}
