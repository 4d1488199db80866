package io.virtshare.domain;

import io.virtshare.internal.Checks;
import io.virtshare.storage.Size;
import io.virtshare.xml.XmlExtras;
import java.util.Optional;

/**
 * A domain {@code <filesystem>} device: a host directory (or block device, file, …)
 * shared with the guest over virtiofs or 9p. Built with {@link #virtiofs(String, String)},
 * {@link #ninep(String, String)} or {@link #builder()}; read with
 * {@link io.virtshare.xml.XmlCodec#readFilesystem(String)}. XML the model does not know
 * is kept in {@link #extras()}.
 *
 * <pre>{@code
 * FilesystemDevice share = FilesystemDevice.virtiofs("/srv/models", "models")
 *         .toBuilder().readOnly(true).build();
 * String xml = XmlCodec.defaults().writeFilesystem(share);
 * // <filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/>…
 * }</pre>
 *
 * @param type mount, block, file, template, ram, bind or volume
 * @param accessMode passthrough, mapped or squash
 * @param model the device model (virtio, virtio-transitional, …)
 * @param multidevs 9p handling of several host devices: default, remap, forbid, warn
 * @param fmode the mode of files created by the guest (9p mapped)
 * @param dmode the mode of directories created by the guest (9p mapped)
 * @param driver the driver
 * @param binary how libvirt runs virtiofsd
 * @param idmap id mapping
 * @param source what is shared
 * @param targetDir the mount tag the guest uses
 * @param readOnly {@code <readonly/>}
 * @param spaceHardLimit {@code <space_hard_limit>}
 * @param spaceSoftLimit {@code <space_soft_limit>}
 * @param bootOrder {@code <boot order>}
 * @param alias {@code <alias name>}
 * @param address the guest address
 * @param extras XML inside {@code <filesystem>} the model does not know
 */
public record FilesystemDevice(Optional<String> type, Optional<String> accessMode, Optional<String> model,
        Optional<String> multidevs, Optional<Integer> fmode, Optional<Integer> dmode,
        Optional<FilesystemDriver> driver, Optional<FilesystemBinary> binary, Optional<IdMap> idmap,
        Optional<FilesystemSource> source, Optional<String> targetDir, boolean readOnly,
        Optional<Size> spaceHardLimit, Optional<Size> spaceSoftLimit, Optional<Integer> bootOrder,
        Optional<String> alias, Optional<DeviceAddress> address, XmlExtras extras) {

    /**
     * Checks for nulls.
     */
    public FilesystemDevice {
        Checks.nonNull(type, accessMode, model, multidevs, fmode, dmode, driver, binary, idmap, source, targetDir,
                spaceHardLimit, spaceSoftLimit, bootOrder, alias, address, extras);
    }

    /**
     * A virtiofs share of {@code sourceDir} under the mount tag {@code tag}:
     * {@code type='mount' accessmode='passthrough'} with {@code <driver type='virtiofs'/>}.
     */
    public static FilesystemDevice virtiofs(String sourceDir, String tag) {
        return builder().type("mount").accessMode("passthrough").driver(FilesystemDriver.virtiofs())
                .source(FilesystemSource.dir(sourceDir)).targetDir(tag).build();
    }

    /** A 9p share of {@code sourceDir} under the mount tag {@code tag}, {@code accessmode='mapped'}. */
    public static FilesystemDevice ninep(String sourceDir, String tag) {
        return builder().type("mount").accessMode("mapped").source(FilesystemSource.dir(sourceDir))
                .targetDir(tag).build();
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this device's values, extra XML included. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds a {@link FilesystemDevice}.
     *
     * <pre>{@code
     * FilesystemDevice.builder().type("mount").accessMode("passthrough")
     *         .driver(FilesystemDriver.virtiofs()).source(FilesystemSource.dir("/srv"))
     *         .targetDir("srv").build();
     * }</pre>
     */
    public static final class Builder {
        private Optional<String> type = Optional.empty();
        private Optional<String> accessMode = Optional.empty();
        private Optional<String> model = Optional.empty();
        private Optional<String> multidevs = Optional.empty();
        private Optional<Integer> fmode = Optional.empty();
        private Optional<Integer> dmode = Optional.empty();
        private Optional<FilesystemDriver> driver = Optional.empty();
        private Optional<FilesystemBinary> binary = Optional.empty();
        private Optional<IdMap> idmap = Optional.empty();
        private Optional<FilesystemSource> source = Optional.empty();
        private Optional<String> targetDir = Optional.empty();
        private boolean readOnly;
        private Optional<Size> spaceHardLimit = Optional.empty();
        private Optional<Size> spaceSoftLimit = Optional.empty();
        private Optional<Integer> bootOrder = Optional.empty();
        private Optional<String> alias = Optional.empty();
        private Optional<DeviceAddress> address = Optional.empty();
        private XmlExtras extras = XmlExtras.none();

        private Builder() {
        }

        private Builder(FilesystemDevice d) {
            type = d.type();
            accessMode = d.accessMode();
            model = d.model();
            multidevs = d.multidevs();
            fmode = d.fmode();
            dmode = d.dmode();
            driver = d.driver();
            binary = d.binary();
            idmap = d.idmap();
            source = d.source();
            targetDir = d.targetDir();
            readOnly = d.readOnly();
            spaceHardLimit = d.spaceHardLimit();
            spaceSoftLimit = d.spaceSoftLimit();
            bootOrder = d.bootOrder();
            alias = d.alias();
            address = d.address();
            extras = d.extras();
        }

        /** mount, block, file, template, ram, bind or volume. */
        public Builder type(String type) {
            this.type = Optional.ofNullable(type);
            return this;
        }

        /** passthrough, mapped or squash. */
        public Builder accessMode(String accessMode) {
            this.accessMode = Optional.ofNullable(accessMode);
            return this;
        }

        /** The device model. */
        public Builder model(String model) {
            this.model = Optional.ofNullable(model);
            return this;
        }

        /** default, remap, forbid or warn (9p). */
        public Builder multidevs(String multidevs) {
            this.multidevs = Optional.ofNullable(multidevs);
            return this;
        }

        /** Mode of files the guest creates, e.g. {@code 0644}. */
        public Builder fmode(Integer fmode) {
            this.fmode = Optional.ofNullable(fmode);
            return this;
        }

        /** Mode of directories the guest creates, e.g. {@code 0755}. */
        public Builder dmode(Integer dmode) {
            this.dmode = Optional.ofNullable(dmode);
            return this;
        }

        /** The driver. */
        public Builder driver(FilesystemDriver driver) {
            this.driver = Optional.ofNullable(driver);
            return this;
        }

        /** How libvirt runs virtiofsd. */
        public Builder binary(FilesystemBinary binary) {
            this.binary = Optional.ofNullable(binary);
            return this;
        }

        /** Id mapping. */
        public Builder idmap(IdMap idmap) {
            this.idmap = Optional.ofNullable(idmap);
            return this;
        }

        /** What is shared. */
        public Builder source(FilesystemSource source) {
            this.source = Optional.ofNullable(source);
            return this;
        }

        /** The mount tag. */
        public Builder targetDir(String tag) {
            this.targetDir = Optional.ofNullable(tag);
            return this;
        }

        /** Read-only in the guest. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Hard space limit. */
        public Builder spaceHardLimit(Size limit) {
            this.spaceHardLimit = Optional.ofNullable(limit);
            return this;
        }

        /** Soft space limit. */
        public Builder spaceSoftLimit(Size limit) {
            this.spaceSoftLimit = Optional.ofNullable(limit);
            return this;
        }

        /** Boot order. */
        public Builder bootOrder(Integer order) {
            this.bootOrder = Optional.ofNullable(order);
            return this;
        }

        /** Device alias. */
        public Builder alias(String alias) {
            this.alias = Optional.ofNullable(alias);
            return this;
        }

        /** Guest address. */
        public Builder address(DeviceAddress address) {
            this.address = Optional.ofNullable(address);
            return this;
        }

        /** The device. */
        public FilesystemDevice build() {
            return new FilesystemDevice(type, accessMode, model, multidevs, fmode, dmode, driver, binary, idmap,
                    source, targetDir, readOnly, spaceHardLimit, spaceSoftLimit, bootOrder, alias, address, extras);
        }
    }
}
