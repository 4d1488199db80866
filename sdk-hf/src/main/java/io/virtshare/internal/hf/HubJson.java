package io.virtshare.internal.hf;

import io.virtshare.internal.json.JsonReader;
import io.virtshare.internal.json.JsonReader.Token;
import io.virtshare.internal.json.JsonScalar;
import io.virtshare.internal.json.MalformedJsonException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields an import needs from the Hub's JSON answers, read with {@link JsonReader}: an
 * import loads no JSON library. Each answer is read whole before anything of it is used, so
 * text that is not JSON is refused as that. Unknown fields are skipped; of a field named
 * twice, the last counts. What the fields must hold is checked by {@link RepoApi}.
 */
final class HubJson {
    private HubJson() {
    }

    /**
     * What a revision answer says.
     *
     * @param sha the commit, or "" when the answer has no string {@code sha}
     * @param open whether the answer says {@code "private": false} and {@code "gated": false}
     */
    record RevisionAnswer(String sha, boolean open) {
    }

    /**
     * One entry of a tree page.
     *
     * @param type the entry's {@code type}, "" without a string one
     * @param path its {@code path} (a number or boolean as written), null without one
     * @param size its {@code size} as a whole number, -1 without one
     * @param oid its git {@code oid}, "" without a string one
     * @param lfs whether it has a non-null {@code lfs}
     * @param lfsOid {@code lfs.oid}, "" without a string one
     * @param lfsSize {@code lfs.size} as a whole number; -1 when it is there but no whole number, {@link #NO_SIZE} without one
     * @param xet whether it has a non-null {@code xetHash}
     * @param xetHash its {@code xetHash}, "" without a string one
     */
    record TreeEntry(String type, String path, long size, String oid, boolean lfs, String lfsOid, long lfsSize,
            boolean xet, String xetHash) {
        /** {@link #lfsSize()} of an entry whose {@code lfs} has no {@code size}. */
        static final long NO_SIZE = -2;

        /** The entry's fields for a message. */
        String describe() {
            return "path " + (path == null ? "none" : "'" + HubErrors.oneLine(path) + "'") + ", size " + size
                    + ", oid '" + HubErrors.oneLine(oid) + "'" + (lfs ? ", lfs.oid '" + HubErrors.oneLine(lfsOid)
                    + "'" : "");
        }
    }

    /** The revision answer in {@code body}; an answer that is no object has neither field. */
    static RevisionAnswer revision(byte[] body) throws MalformedJsonException {
        JsonReader in = JsonReader.of(body);
        JsonScalar sha = JsonScalar.ABSENT;
        JsonScalar isPrivate = JsonScalar.ABSENT;
        JsonScalar gated = JsonScalar.ABSENT;
        if (in.next() == Token.START_OBJECT) {
            while (in.next() == Token.NAME) {
                in.next();
                switch (in.name()) {
                    case "sha" -> sha = JsonScalar.of(in);
                    case "private" -> isPrivate = JsonScalar.of(in);
                    case "gated" -> gated = JsonScalar.of(in);
                    default -> in.skipValue();
                }
            }
        } else {
            in.skipValue();
        }
        in.next();
        return new RevisionAnswer(sha.textOr(""), isPrivate.token() == Token.FALSE && gated.token() == Token.FALSE);
    }

    /** The entries of the tree page in {@code body} (elements that are no object are left out); null when it is no array. */
    static List<TreeEntry> tree(byte[] body) throws MalformedJsonException {
        JsonReader in = JsonReader.of(body);
        if (in.next() != Token.START_ARRAY) {
            in.skipValue();
            in.next();
            return null;
        }
        List<TreeEntry> entries = new ArrayList<>();
        while (in.next() != Token.END_ARRAY) {
            if (in.current() == Token.START_OBJECT) {
                entries.add(entry(in));
            } else {
                in.skipValue();
            }
        }
        in.next();
        return entries;
    }

    private static TreeEntry entry(JsonReader in) throws MalformedJsonException {
        JsonScalar type = JsonScalar.ABSENT;
        JsonScalar path = JsonScalar.ABSENT;
        JsonScalar size = JsonScalar.ABSENT;
        JsonScalar oid = JsonScalar.ABSENT;
        JsonScalar xetHash = JsonScalar.ABSENT;
        boolean lfs = false;
        JsonScalar lfsOid = JsonScalar.ABSENT;
        JsonScalar lfsSize = JsonScalar.ABSENT;
        while (in.next() == Token.NAME) {
            Token value = in.next();
            switch (in.name()) {
                case "type" -> type = JsonScalar.of(in);
                case "path" -> path = JsonScalar.of(in);
                case "size" -> size = JsonScalar.of(in);
                case "oid" -> oid = JsonScalar.of(in);
                case "xetHash" -> xetHash = JsonScalar.of(in);
                case "lfs" -> {
                    lfs = value != Token.NULL;
                    lfsOid = JsonScalar.ABSENT;
                    lfsSize = JsonScalar.ABSENT;
                    if (value == Token.START_OBJECT) {
                        while (in.next() == Token.NAME) {
                            in.next();
                            switch (in.name()) {
                                case "oid" -> lfsOid = JsonScalar.of(in);
                                case "size" -> lfsSize = JsonScalar.of(in);
                                default -> in.skipValue();
                            }
                        }
                    } else {
                        in.skipValue();
                    }
                }
                default -> in.skipValue();
            }
        }
        String pathText = path.isPresent() && path.text() != null ? path.text() : null;
        return new TreeEntry(type.textOr(""), pathText, size.whole(0, Long.MAX_VALUE).orElse(-1L), oid.textOr(""),
                lfs, lfsOid.textOr(""), lfsSize.token() == null ? TreeEntry.NO_SIZE : lfsSize.whole(0, Long.MAX_VALUE).orElse(-1L),
                xetHash.isPresent(),
                xetHash.textOr(""));
    }
}
