package io.virtshare.testkit.guest;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the guest does with one share: mount it with the SDK's guest mount command, read
 * {@code inFile} (written by the host), write {@code outText} to {@code outFile} (checked
 * by the host), and report under {@code index}.
 *
 * @param index the share's position, used in the report line instead of its tag
 * @param mountCommand the guest mount command ({@code mkdir -p … && mount -t …})
 * @param mountPoint where it is mounted in the guest
 * @param inFile the name of the file the host wrote into the share
 * @param outFile the name of the file the guest writes
 * @param outText what the guest writes (letters and digits)
 * @param benchFile the host's file the guest reads for the throughput measurement, when measuring
 * @param benchMib how many MiB the guest reads from {@code benchFile} and then writes (0: no measurement)
 */
record GuestTask(int index, String mountCommand, String mountPoint, String inFile, String outFile, String outText,
        String benchFile, int benchMib) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._/+=-]+");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]+");

    /** A task without a throughput measurement. */
    GuestTask(int index, String mountCommand, String mountPoint, String inFile, String outFile, String outText) {
        this(index, mountCommand, mountPoint, inFile, outFile, outText, "none", 0);
    }

    GuestTask {
        Objects.requireNonNull(mountCommand, "mountCommand");
        if (!SAFE.matcher(mountPoint).matches()) {
            throw new IllegalArgumentException("guest mount point '" + mountPoint + "' has characters the probe's"
                    + " shell script does not quote; use letters, digits and . _ / + = -");
        }
        if (benchMib < 0) {
            throw new IllegalArgumentException("throughput size must not be negative");
        }
        for (String token : new String[] {inFile, outFile, outText, benchFile}) {
            if (!TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("probe file name or text '" + token + "' is not a plain token");
            }
        }
    }
}
