package io.virtshare.testkit.guest;

import io.virtshare.share.ShareProtocol;
import java.util.Objects;
import java.util.Optional;

/**
 * What the guest saw in one share. {@code readOk} means the guest read exactly what the
 * host wrote into the share; {@code writeOk} means the host found exactly what the guest
 * wrote — both are checked on the host, not taken from the guest's word.
 *
 * <pre>{@code
 * for (ShareReport s : report.shares()) {
 *     System.out.println(s.tag() + " mounted=" + s.mounted() + " read=" + s.readOk() + " write=" + s.writeOk());
 * }
 * }</pre>
 *
 * @param tag the share's mount tag
 * @param protocol virtiofs or 9p
 * @param readOnly whether the share is read-only (then a refused write is what is expected)
 * @param mounted whether the guest mounted it
 * @param readOk whether the guest read the host's file with the right content
 * @param writeOk whether the guest's file reached the host with the right content
 * @param reason what went wrong, when something did
 * @param throughput what the guest measured, when {@link GuestProbe.Builder#throughputMib(int)} asked for it
 */
public record ShareReport(String tag, ShareProtocol protocol, boolean readOnly, boolean mounted, boolean readOk,
        boolean writeOk, Optional<String> reason, Optional<Throughput> throughput) {

    public ShareReport {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(throughput, "throughput");
    }

    /** A report without a throughput measurement. */
    public ShareReport(String tag, ShareProtocol protocol, boolean readOnly, boolean mounted, boolean readOk,
            boolean writeOk, Optional<String> reason) {
        this(tag, protocol, readOnly, mounted, readOk, writeOk, reason, Optional.empty());
    }

    /** Whether the share behaved as specified: mounted, read, and written unless read-only. */
    public boolean ok() {
        return mounted && readOk && writeOk != readOnly;
    }
}
