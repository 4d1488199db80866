package io.virtshare.internal.catalog;

import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImageState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One image's catalog entry as stored in {@code BASE_PATH/.virtshare/images/<id>.json}.
 *
 * @param id the image id
 * @param name its unique name
 * @param state its state
 * @param path its directory as registered; only a VirtioFS image's is read back (SharedFS
 *     derives {@code BASE_PATH/<id>}), and only after the path rules accept it again
 * @param source what it was registered from
 * @param apparentBytes bytes of its files
 * @param allocatedBytes bytes allocated on disk
 * @param files regular files
 * @param commit hf:// commit, or null
 * @param error the reason for ERROR, or null
 * @param created when registered (epoch millis)
 * @param owner the process running an operation on it (LOCKED, CLONE, DELETE), or null
 * @param cloners operations currently cloning it (owner, target id) while CLONE
 * @param users how many VMs use it while USED
 * @param transfer what its import downloaded and reused, or null (entries written before it was
 *     recorded, and images not imported from a remote source)
 */
public record ImageRecord(int id, String name, ImageState state, String path, String source, long apparentBytes,
        long allocatedBytes, long files, String commit, String error, long created, Owner owner,
        List<Cloner> cloners, int users, Transfer transfer) {

    public ImageRecord {
        cloners = cloners == null ? List.of() : List.copyOf(cloners);
    }

    /** An entry without transfer counts. */
    public ImageRecord(int id, String name, ImageState state, String path, String source, long apparentBytes,
            long allocatedBytes, long files, String commit, String error, long created, Owner owner,
            List<Cloner> cloners, int users) {
        this(id, name, state, path, source, apparentBytes, allocatedBytes, files, commit, error, created, owner,
                cloners, users, null);
    }

    /**
     * Bytes an import fetched over the network and bytes it copied from other images.
     *
     * @param downloaded bytes downloaded
     * @param reused bytes reused
     */
    public record Transfer(long downloaded, long reused) {
    }

    /**
     * A clone in progress from this image.
     *
     * @param owner the process copying
     * @param token names the clone's heartbeat ({@code locks/clone-<token>})
     */
    public record Cloner(Owner owner, String token) {
        /*
         * equals and hashCode are written out: a record's own are bootstrapped through method
         * handles on their first call, which spins some 40 classes, about 15 ms of a clone
         * command's start (a clone removes itself from its image's list with equals).
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Cloner c && java.util.Objects.equals(token, c.token)
                    && (owner == c.owner || owner != null && c.owner != null && owner.pid() == c.owner.pid()
                            && owner.started() == c.owner.started()
                            && java.util.Objects.equals(owner.host(), c.owner.host()));
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(token);
        }
    }

    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * What makes this entry unusable as the entry of image {@code expectedId} (the number in
     * its file name): another id, a missing field, negative sizes, control characters in
     * its name.
     *
     * @return empty when it is usable
     */
    public Optional<String> problem(int expectedId) {
        if (id != expectedId) {
            return Optional.of("it holds image id " + id + ", not the " + expectedId + " its file name says");
        }
        if (name == null || name.isBlank() || name.length() > 512 || name.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("it has no valid name");
        }
        if (state == null) {
            return Optional.of("it has no state");
        }
        if (source == null) {
            return Optional.of("it has no source");
        }
        if (apparentBytes < 0 || allocatedBytes < 0 || files < 0 || users < 0
                || transfer != null && (transfer.downloaded() < 0 || transfer.reused() < 0)) {
            return Optional.of("it has negative sizes or counts");
        }
        if (cloners.stream().anyMatch(c -> c == null || c.token() == null || !TOKEN.matcher(c.token()).matches())) {
            return Optional.of("it has a malformed clone mark");
        }
        return Optional.empty();
    }

    /** The public view, with the image's directory as the datastore derives it (never the entry's {@code path}). */
    public Image toImage(Path directory) {
        return new Image(id, name, state, directory, source, apparentBytes, allocatedBytes, files,
                Optional.ofNullable(commit), Optional.ofNullable(error), Instant.ofEpochMilli(created),
                transfer == null ? 0 : transfer.downloaded(), transfer == null ? 0 : transfer.reused());
    }

    public ImageRecord withState(ImageState newState, Owner newOwner) {
        return new ImageRecord(id, name, newState, path, source, apparentBytes, allocatedBytes, files, commit, error,
                created, newOwner, cloners, users, transfer);
    }

    public ImageRecord withError(String reason) {
        return new ImageRecord(id, name, ImageState.ERROR, path, source, apparentBytes, allocatedBytes, files, commit,
                reason, created, null, List.of(), 0, transfer);
    }

    public ImageRecord withCloners(List<Cloner> list) {
        ImageState next = list.isEmpty() ? (users > 0 ? ImageState.USED : ImageState.READY) : ImageState.CLONE;
        return new ImageRecord(id, name, next, path, source, apparentBytes, allocatedBytes, files, commit, error,
                created, null, list, users, transfer);
    }

    public ImageRecord withUsers(int count) {
        ImageState next = !cloners.isEmpty() ? ImageState.CLONE : count > 0 ? ImageState.USED : ImageState.READY;
        return new ImageRecord(id, name, next, path, source, apparentBytes, allocatedBytes, files, commit, error,
                created, null, cloners, count, transfer);
    }

    public ImageRecord ready(String finalPath, long apparent, long allocated, long fileCount, String commitId,
            Transfer counted) {
        return new ImageRecord(id, name, ImageState.READY, finalPath, source, apparent, allocated, fileCount, commitId,
                null, created, null, List.of(), 0, counted);
    }
}
