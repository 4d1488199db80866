package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StorageXmlRecipeTest {
    @Test
    void recipe_writesPoolsAndVolumes_keepsUnknownXml_andExplainsErrors() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            StorageXmlRecipe.main(new String[0]);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("<pool type='netfs'>", "<host name='nfs.example.com'/>",
                "<capacity unit='GiB'>20</capacity>", "<compat>1.1</compat>", "nfs.example.com:/exports",
                "<path>/srv/images</path>", "fs:option name='sync'", "<future-libvirt-element enabled='yes'/>");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("a netfs pool needs a source host (the file server)", "a netfs pool needs a source dir")
                .contains("DTD");
    }
}
