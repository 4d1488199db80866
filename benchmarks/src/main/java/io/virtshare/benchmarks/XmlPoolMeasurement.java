package io.virtshare.benchmarks;

import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A logical pool with many {@code <device>} children read and written by the codec, vs
 * xmllint formatting the same file. Run at two sizes, the two rows show whether the cost
 * grows linearly (it once grew with the square: 60,000 devices took 56 s).
 */
final class XmlPoolMeasurement implements Measurement {
    private final int devices;

    XmlPoolMeasurement(int devices) {
        this.devices = devices;
    }

    @Override
    public String name() {
        return "xml-pool-" + devices / 1000 + "k";
    }

    @Override
    public String description() {
        return "read and write a logical pool of " + devices + " <device> children: XmlCodec vs xmllint --format";
    }

    @Override
    public String tool() {
        return "xmllint";
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        StringBuilder xml = new StringBuilder("<pool type='logical'>\n  <name>vg</name>\n  <source>\n");
        for (int i = 0; i < devices; i++) {
            xml.append("    <device path='/dev/disk/by-id/d").append(i).append("'/>\n");
        }
        xml.append("  </source>\n  <target>\n    <path>/dev/vg</path>\n  </target>\n</pool>\n");
        Files.writeString(data.resolve("pool.xml"), xml);
    }

    @Override
    public String runSdk(Path data, Path scratch) throws IOException {
        XmlCodec codec = XmlCodec.defaults();
        String written = codec.writePool(codec.readPool(codec.decode(Files.readAllBytes(data.resolve("pool.xml")))));
        Path out = Files.writeString(scratch.resolve("pool.xml"), written, StandardCharsets.UTF_8);
        return devicesIn(out);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return List.of("xmllint", "--format", "--output", scratch.resolve("pool.xml").toString(),
                data.resolve("pool.xml").toString());
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return devicesIn(scratch.resolve("pool.xml"));
    }

    private static String devicesIn(Path file) throws IOException {
        String text = Files.readString(file);
        int count = 0;
        for (int at = text.indexOf("<device "); at >= 0; at = text.indexOf("<device ", at + 1)) {
            count++;
        }
        return count + " devices";
    }
}
