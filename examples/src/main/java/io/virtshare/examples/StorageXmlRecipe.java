package io.virtshare.examples;

import io.virtshare.InvalidSpecException;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.PoolSource;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.xml.XmlCodec;
import io.virtshare.xml.XmlParseException;
import java.nio.file.Path;

/**
 * Recipe: typed libvirt storage XML — build pools and volumes, validate them per pool
 * type, read libvirt's XML and write it back without loss, and the errors a user
 * meets. Needs no libvirt. Quoted by {@code docs/pools.md}.
 *
 * <p>Run: {@code java -cp examples/target/virtshare-examples.jar io.virtshare.examples.StorageXmlRecipe}.
 */
public final class StorageXmlRecipe {
    private StorageXmlRecipe() {
    }

    /** Runs the recipe, printing the XML it writes. */
    public static void main(String[] args) {
        // snippet:build
        PoolSpec images = PoolSpec.netfs("virtimages")
                .host("nfs.example.com")
                .dir(Path.of("/var/lib/virt/images"))
                .format(FormatType.NFS)
                .target(Path.of("/var/lib/virt/images"))
                .build()
                .validate();                         // what libvirt needs for a netfs pool, checked here
        XmlCodec codec = XmlCodec.defaults();
        String poolXml = codec.writePool(images);
        // end:build
        System.out.println(poolXml);

        // snippet:validate
        try {
            PoolSpec.netfs("broken").target(Path.of("/mnt/broken")).build().validate();
        } catch (InvalidSpecException e) {
            e.problems().forEach(System.err::println);
            // a netfs pool needs a source host (the file server): set host("nfs.example.com")
            // a netfs pool needs a source dir (the exported directory): set dir("/exports/vm")
        }
        // end:validate

        // snippet:volume
        VolumeSpec disk = VolumeSpec.builder("guest.qcow2")
                .capacity(Size.parse("20 GiB"))
                .target(VolumeTarget.of(FormatType.QCOW2).withCompat("1.1"))
                .build()
                .validateFor(PoolType.DIR);          // iscsi, scsi and mpath pools would refuse it
        System.out.println(codec.writeVolume(disk));
        // end:volume

        // snippet:lossless
        String fromLibvirt = """
                <pool type='netfs' xmlns:fs='http://libvirt.org/schemas/storagepool/fs/1.0'>
                  <name>nfsimages</name>
                  <source><host name='nfs.example.com'/><dir path='/exports'/><format type='nfs'/></source>
                  <target><path>/var/lib/virt/images</path></target>
                  <fs:mount_opts><fs:option name='sync'/></fs:mount_opts>
                  <future-libvirt-element enabled='yes'/>
                </pool>
                """;
        PoolSpec read = codec.readPool(fromLibvirt);
        if (read.source().orElseThrow() instanceof PoolSource.Netfs netfs) {
            System.out.println(netfs.hosts().get(0).name() + ":" + netfs.dir().orElseThrow());
        }
        PoolSpec moved = read.toBuilder().target(Path.of("/srv/images")).build();
        String written = codec.writePool(moved);     // mount options and the unknown element are still there
        // end:lossless
        System.out.println(written);

        // snippet:hostile
        try {
            codec.readPool("<!DOCTYPE p [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><pool type='dir'>&x;</pool>");
        } catch (XmlParseException e) {
            System.err.println(e.line() + ":" + e.column() + " " + e.getMessage()); // DTDs are refused
        }
        // end:hostile
    }
}
