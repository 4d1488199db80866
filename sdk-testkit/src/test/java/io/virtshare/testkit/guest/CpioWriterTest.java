package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CpioWriterTest {
    @Test
    void entriesReadBack_withTypesModesDevicesAndData() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioWriter cpio = new CpioWriter(bytes)) {
            cpio.directory("bin", 0755);
            cpio.file("bin/busybox", 0755, new byte[] {1, 2, 3});
            cpio.symlink("bin/sh", "busybox");
            cpio.characterDevice("dev/console", 0600, 5, 1);
            cpio.file("init", 0755, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        }

        List<CpioReader.Entry> entries = CpioReader.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(entries).extracting(CpioReader.Entry::name)
                .containsExactly("bin", "bin/busybox", "bin/sh", "dev/console", "init");
        assertThat(entries.get(0).mode()).isEqualTo(CpioWriter.S_IFDIR | 0755);
        assertThat(entries.get(1).mode()).isEqualTo(CpioWriter.S_IFREG | 0755);
        assertThat(entries.get(1).data()).containsExactly(1, 2, 3);
        assertThat(entries.get(2).mode()).isEqualTo(CpioWriter.S_IFLNK | 0777);
        assertThat(new String(entries.get(2).data(), StandardCharsets.UTF_8)).isEqualTo("busybox");
        assertThat(entries.get(3).mode()).isEqualTo(CpioWriter.S_IFCHR | 0600);
        assertThat(entries.get(3).rdevMajor()).isEqualTo(5);
        assertThat(entries.get(3).rdevMinor()).isEqualTo(1);
        assertThat(bytes.size() % 4).as("the archive stays 4-byte aligned").isZero();
    }

    @Property(tries = 50)
    void anyFiles_roundTripThroughGzip(@ForAll @Size(max = 8) List<@Size(max = 600) byte[]> contents)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioWriter cpio = new CpioWriter(new GZIPOutputStream(bytes))) {
            for (int i = 0; i < contents.size(); i++) {
                cpio.file("f" + "x".repeat(i) + i, 0644, contents.get(i));
            }
        }

        List<CpioReader.Entry> entries = CpioReader.read(new GZIPInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(entries).hasSize(contents.size());
        for (int i = 0; i < contents.size(); i++) {
            assertThat(entries.get(i).data()).isEqualTo(contents.get(i));
        }
    }

    @Test
    void absoluteParentAndRepeatedNames_areRefused() throws IOException {
        CpioWriter cpio = new CpioWriter(new ByteArrayOutputStream());
        cpio.file("init", 0755, new byte[0]);

        assertThatThrownBy(() -> cpio.file("/etc/passwd", 0644, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/etc/passwd'");
        assertThatThrownBy(() -> cpio.file("lib/../../x", 0644, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without ..");
        assertThatThrownBy(() -> cpio.file("init", 0644, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cpio entry 'init' written twice");
    }

    @Test
    void afterFinish_entriesAreRefused_andFinishIsIdempotent() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CpioWriter cpio = new CpioWriter(bytes);
        cpio.finish();
        int size = bytes.size();
        cpio.finish();

        assertThat(bytes.size()).isEqualTo(size);
        assertThatThrownBy(() -> cpio.directory("late", 0755)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the archive is finished");
    }
}
