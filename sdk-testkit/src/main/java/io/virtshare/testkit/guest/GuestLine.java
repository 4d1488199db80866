package io.virtshare.testkit.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One share's report line as the guest printed it on the console
 * ({@code VIRTSHARE-PROBE {"share":0,"mounted":true,"read":"…","wrote":true,"error":""}}).
 * The console is the guest's word: lines are parsed defensively, and anything malformed
 * or oversized is ignored rather than trusted.
 *
 * @param share the share's index
 * @param mounted whether the mount command succeeded
 * @param read what the guest read from the host's file
 * @param wrote whether the guest's write and sync succeeded
 * @param error what failed, in the guest's words (may be empty)
 * @param readCentis how long the throughput read took, in centiseconds of guest uptime (-1: not measured)
 * @param writeCentis how long the throughput write took (-1: not measured)
 */
record GuestLine(int share, boolean mounted, String read, boolean wrote, String error, long readCentis,
        long writeCentis) {

    GuestLine(int share, boolean mounted, String read, boolean wrote, String error) {
        this(share, mounted, read, wrote, error, -1, -1);
    }

    static final int MAX_LINE = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The report lines in {@code console}, by share index (the last line of an index wins). */
    static Map<Integer, GuestLine> parse(List<String> console) {
        Map<Integer, GuestLine> lines = new LinkedHashMap<>();
        for (String line : console) {
            parseLine(line).ifPresent(l -> lines.put(l.share(), l));
        }
        return lines;
    }

    private static long centis(JsonNode node) {
        return node.canConvertToLong() && node.asLong() >= 0 ? node.asLong() : -1;
    }

    static Optional<GuestLine> parseLine(String raw) {
        String line = raw.strip();
        int at = line.indexOf(InitScript.REPORT_PREFIX);
        if (at < 0 || line.length() > MAX_LINE) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(line.substring(at + InitScript.REPORT_PREFIX.length()));
            if (node == null || !node.isObject() || !node.path("share").isInt() || node.path("share").asInt() < 0
                    || !node.path("mounted").isBoolean() || !node.path("wrote").isBoolean()) {
                return Optional.empty();
            }
            return Optional.of(new GuestLine(node.path("share").asInt(), node.path("mounted").asBoolean(),
                    node.path("read").asText(""), node.path("wrote").asBoolean(), node.path("error").asText("").strip(),
                    centis(node.path("readCs")), centis(node.path("writeCs"))));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
