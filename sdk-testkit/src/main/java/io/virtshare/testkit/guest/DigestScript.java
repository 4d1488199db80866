package io.virtshare.testkit.guest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /init} of {@link GuestDigest}'s guest and the reading of what it printed. The
 * guest mounts the share read-only, walks it with busybox {@code find}, and for each regular
 * file prints {@value #FILE_PREFIX}{@code <hex of the path's bytes> <size> <sha256>} (or
 * {@value #ERROR_PREFIX}{@code <hex>} when it cannot read it). The path travels as hex because
 * the serial console is the transport: names with spaces, newlines, control characters or
 * non-ASCII letters arrive byte for byte.
 */
final class DigestScript {
    static final String FILE_PREFIX = "VIRTSHARE-DIGEST ";
    static final String ERROR_PREFIX = "VIRTSHARE-DIGEST-ERROR ";
    static final String MOUNT_FAILED = "VIRTSHARE-DIGEST-MOUNT-FAILED";
    static final String MOUNT_POINT = "/mnt/image";
    /** The longest console line read: a 4096-byte path as hex, its size and hash. */
    static final int MAX_LINE = 2 * 4096 + 128;

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._-]{1,36}");
    private static final Pattern FILE = Pattern.compile(Pattern.quote(FILE_PREFIX)
            + "((?:[0-9a-f]{2}){1,4096}) ([0-9]{1,19}) ([0-9a-f]{64})");
    private static final Pattern ERROR = Pattern.compile(Pattern.quote(ERROR_PREFIX) + "((?:[0-9a-f]{2}){1,4096})");

    /** What the guest printed: per path, its digest, or empty when it could not read the file. */
    record GuestFiles(Map<String, Optional<FileDigest>> files, Optional<String> mountFailure) {
    }

    private DigestScript() {
    }

    /**
     * The script.
     *
     * @param modules module file names under {@code /lib/modules}, in insertion order
     * @param tag the virtiofs tag to mount (letters, digits, {@code . _ -})
     */
    static String generate(List<String> modules, String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new GuestProbeException("virtiofs tag '" + tag + "' is not 1 to 36 letters, digits, '.', '_' or"
                    + " '-'; give such a tag");
        }
        return InitScript.prelude(modules) + """
                mkdir -p MOUNT_POINT
                attempt=0; mounted=false
                while [ $attempt -lt ATTEMPTS ]; do
                  if mount -t virtiofs -o ro TAG MOUNT_POINT 2>/tmp/mount.err; then mounted=true; break; fi
                  attempt=$((attempt + 1)); sleep 1
                done
                if $mounted; then
                  cd MOUNT_POINT && WALK
                  cd / && umount MOUNT_POINT
                else
                  echo "MOUNT_FAILED $(head -c 200 /tmp/mount.err | tr -cd 'A-Za-z0-9 ._:/()-')"
                fi
                echo DONE
                sync
                poweroff -f
                """.replace("MOUNT_POINT", MOUNT_POINT).replace("ATTEMPTS", Integer.toString(InitScript.MOUNT_ATTEMPTS))
                .replace("TAG", InitScript.quote(tag)).replace("WALK", walk())
                .replace("MOUNT_FAILED", MOUNT_FAILED).replace("DONE", InitScript.DONE);
    }

    /**
     * The shell command that prints one line per regular file under the current directory (symbolic
     * links not followed), for busybox's {@code sh}, {@code find}, {@code xxd}, {@code stat} and
     * {@code sha256sum}.
     */
    static String walk() {
        String perFile = """
                for f; do
                  n=$(printf "%s" "${f#./}" | xxd -p | tr -d "\\n")
                  if s=$(stat -c %s "$f") && h=$(sha256sum < "$f"); then echo "FILE$n $s ${h%% *}"
                  else echo "ERROR$n"; fi
                done""".replace("FILE", FILE_PREFIX).replace("ERROR", ERROR_PREFIX);
        return "find . -type f -exec sh -c " + InitScript.quote(perFile) + " sh {} +";
    }

    /**
     * Reads the guest's lines from the console file, streaming (a large tree prints many lines):
     * lines longer than {@link #MAX_LINE} and anything malformed are ignored, not trusted.
     */
    static GuestFiles read(Path console) throws IOException {
        Map<String, Optional<FileDigest>> files = new TreeMap<>();
        Optional<String> mountFailure = Optional.empty();
        if (!Files.isReadable(console)) {
            return new GuestFiles(files, mountFailure);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(console), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean overlong = false;
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    if (line.size() < MAX_LINE) {
                        line.write(b);
                    } else {
                        overlong = true;
                    }
                    continue;
                }
                if (!overlong) {
                    String text = line.toString(StandardCharsets.US_ASCII).replaceAll("\\p{Cntrl}", "");
                    mountFailure = mountFailure.or(() -> mountFailure(text));
                    parseLine(text, files);
                }
                line.reset();
                overlong = false;
            }
        }
        return new GuestFiles(files, mountFailure);
    }

    /** Adds what one console line says about a file, if it says anything. */
    static void parseLine(String line, Map<String, Optional<FileDigest>> files) {
        Matcher file = FILE.matcher(line);
        if (file.find()) {
            try {
                files.put(decode(file.group(1)), Optional.of(new FileDigest(Long.parseLong(file.group(2)),
                        file.group(3))));
            } catch (NumberFormatException e) {
                // a size beyond long: not what a guest's stat prints, so not trusted
            }
            return;
        }
        Matcher error = ERROR.matcher(line);
        if (error.find()) {
            files.put(decode(error.group(1)), Optional.empty());
        }
    }

    private static Optional<String> mountFailure(String line) {
        int at = line.indexOf(MOUNT_FAILED);
        return at < 0 ? Optional.empty() : Optional.of(line.substring(at + MOUNT_FAILED.length()).strip());
    }

    /**
     * The path whose bytes {@code hex} spells: as UTF-8 when they are UTF-8, else the hex itself as
     * {@code hex:<hex>} (such a name has no Java path, but it is reported, not dropped).
     */
    static String decode(String hex) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(HexFormat.of().parseHex(hex))).toString();
        } catch (CharacterCodingException e) {
            return "hex:" + hex;
        }
    }
}
