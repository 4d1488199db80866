package io.virtshare.storage;

import io.virtshare.InvalidSpecException;
import java.util.Objects;
import java.util.Optional;

/**
 * Owner, group, mode and security label of a pool's or volume's target:
 * {@code <permissions><mode>0700</mode><owner>107</owner>…</permissions>}. An owner or
 * group of -1 means "leave as is".
 *
 * <pre>{@code
 * Permissions.of(0750, 107, 107);               // mode written as 0750
 * Permissions.of(0700, 0, 0).withLabel("virt_image_t");
 * }</pre>
 *
 * @param mode the file mode bits (octal in XML)
 * @param owner the owning user id, or -1
 * @param group the owning group id, or -1
 * @param label the SELinux or AppArmor label
 */
public record Permissions(Optional<Integer> mode, Optional<Long> owner, Optional<Long> group,
        Optional<String> label) {
    /**
     * Checks ranges: mode is not negative, owner and group are -1 or more.
     */
    public Permissions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(label, "label");
        mode.ifPresent(m -> {
            if (m < 0) {
                throw new InvalidSpecException("mode " + m + " is negative; give octal bits such as 0750");
            }
        });
        owner.ifPresent(id -> checkId("owner", id));
        group.ifPresent(id -> checkId("group", id));
    }

    private static void checkId(String what, long id) {
        if (id < -1 || id > 0xFFFF_FFFFL) {
            throw new InvalidSpecException(what + " " + id + " is not a user or group id; give 0 to 4294967295, "
                    + "or -1 to keep the current one");
        }
    }

    /** Mode, owner and group. */
    public static Permissions of(int mode, long owner, long group) {
        return new Permissions(Optional.of(mode), Optional.of(owner), Optional.of(group), Optional.empty());
    }

    /** The same permissions with a security label. */
    public Permissions withLabel(String label) {
        return new Permissions(mode, owner, group, Optional.of(label));
    }
}
