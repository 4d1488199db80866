package io.virtshare.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pool type names libvirt accepts, and the one a mistyped name most likely meant
 * ({@code directory} → {@code dir}, {@code nfs} → {@code netfs}, {@code iscsi_direct} →
 * {@code iscsi-direct}).
 */
final class PoolTypeNames {
    /** Words people write for a type, by the type libvirt calls it. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("directory", "dir"), Map.entry("folder", "dir"), Map.entry("file", "dir"),
            Map.entry("filesystem", "fs"), Map.entry("block", "fs"),
            Map.entry("nfs", "netfs"), Map.entry("cifs", "netfs"), Map.entry("smb", "netfs"),
            Map.entry("glusterfs", "gluster"),
            Map.entry("lvm", "logical"), Map.entry("lvm2", "logical"), Map.entry("vg", "logical"),
            Map.entry("partition", "disk"), Map.entry("partitions", "disk"),
            Map.entry("libiscsi", "iscsi-direct"), Map.entry("multipath", "mpath"),
            Map.entry("ceph", "rbd"), Map.entry("rados", "rbd"), Map.entry("zpool", "zfs"));

    private PoolTypeNames() {
    }

    /** The types a pool may be sent to libvirt with, as libvirt writes them. */
    static List<String> definable() {
        return Arrays.stream(PoolType.values()).filter(t -> !t.removedFromLibvirt())
                .flatMap(t -> t.xmlName().stream()).toList();
    }

    /** The problem of a pool whose type libvirt does not know, with the types it does know. */
    static String unknown(String typeName) {
        return "pool type '" + shown(typeName) + "' is not a libvirt pool type this SDK knows; write <pool type='…'> with"
                + " one of " + String.join(", ", definable())
                + closest(typeName).map(t -> " (did you mean '" + t + "'?)").orElse("");
    }

    /** The name as written, on one line and at most 40 characters, for a message. */
    private static String shown(String typeName) {
        StringBuilder out = new StringBuilder();
        typeName.codePoints().limit(40).forEach(c -> out.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return typeName.codePointCount(0, typeName.length()) > 40 ? out + "…" : out.toString();
    }

    /** The definable type {@code typeName} most likely meant, if one is close enough. */
    static Optional<String> closest(String typeName) {
        String written = typeName.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        List<String> types = definable();
        if (types.contains(written)) {
            return Optional.of(written);   // differs only in case, blanks or '_'
        }
        if (SYNONYMS.containsKey(written)) {
            return Optional.of(SYNONYMS.get(written));
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String type : types) {
            int distance = distance(written, type);
            if (distance < bestDistance) {
                best = type;
                bestDistance = distance;
                tie = false;
            } else if (distance == bestDistance) {
                tie = true;
            }
        }
        if (best != null && !tie && bestDistance <= Math.min(2, Math.max(1, best.length() / 3))) {
            return Optional.of(best);
        }
        // a type written out at length: "directory", "glusterfs", "mpath-devices"
        return types.stream().filter(t -> t.length() >= 3 && written.startsWith(t))
                .max((a, b) -> Integer.compare(a.length(), b.length()));
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of neighbours as one each. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
