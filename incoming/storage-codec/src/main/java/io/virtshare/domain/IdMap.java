package io.virtshare.domain;

import io.virtshare.InvalidSpecException;
import java.util.List;

/**
 * User and group id mapping of a virtiofs filesystem: {@code <idmap><uid start target
 * count/><gid …/></idmap>}.
 *
 * <pre>{@code
 * new IdMap(List.of(new IdMap.Entry(0, 100000, 65535)), List.of(new IdMap.Entry(0, 100000, 65535)));
 * }</pre>
 *
 * @param uids the user id ranges
 * @param gids the group id ranges
 */
public record IdMap(List<Entry> uids, List<Entry> gids) {
    /**
     * Copies the lists.
     */
    public IdMap {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    /**
     * One range: ids {@code start} to {@code start + count - 1} in the guest are
     * {@code target} onwards on the host.
     *
     * <pre>{@code
     * new IdMap.Entry(0, 100000, 65535);
     * }</pre>
     *
     * @param start the first id in the guest
     * @param target the first id on the host
     * @param count how many ids
     */
    public record Entry(long start, long target, long count) {
        /**
         * Checks that no number is negative.
         */
        public Entry {
            if (start < 0 || target < 0 || count < 0) {
                throw new InvalidSpecException("id map " + start + "/" + target + "/" + count
                        + " has a negative number; ids and counts are 0 or more");
            }
        }
    }
}
