package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.spi.Backend;
import io.virtshare.storage.Pools;
import io.virtshare.vm.Vms;
import io.virtshare.xml.XmlCodec;

/**
 * The xml-files backend: pools, volumes and VMs as the libvirt XML files a real target would
 * be given, in one directory, with small state files for what lifecycle it can answer (a
 * pool started, built, autostarted). It touches no storage and starts nothing: starting a
 * VM, moving volume data, wiping and live changes throw
 * {@link BackendFailure#NOT_SUPPORTED}, naming the backend that can. Its domains are made
 * for a libvirt whose version is not known ({@link LibvirtFeatures#unknown()}).
 *
 * <p>Safe to share between threads. Several processes may use one directory: a new name is
 * taken atomically (the second gets {@link BackendFailure#ALREADY_EXISTS}) and every file is
 * replaced whole, but two changes of one VM or pool made at once by two processes keep only
 * the later one.
 */
final class XmlFilesBackend implements Backend {
    private final XmlFilesDirectory directory;
    private final XmlCodec codec = XmlCodec.defaults();
    private final XmlFilesPools pools;
    private final XmlFilesVms vms;
    private volatile boolean closed;

    XmlFilesBackend(XmlFilesDirectory directory) {
        this.directory = directory;
        directory.makeDirectories();
        this.pools = new XmlFilesPools(this);
        this.vms = new XmlFilesVms(this);
    }

    @Override
    public String name() {
        return XmlFilesBackendProvider.NAME;
    }

    @Override
    public String target() {
        return directory.target();
    }

    @Override
    public LibvirtFeatures features() {
        return LibvirtFeatures.unknown();
    }

    @Override
    public Pools pools() {
        return pools;
    }

    @Override
    public Vms vms() {
        return vms;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The directory, for an operation; refused once the backend is closed. */
    XmlFilesDirectory directory(String operation) {
        if (closed) {
            throw new BackendException(name(), target(), operation, null, BackendFailure.INVALID_REQUEST,
                    "this VirtShare was closed; open a new one (VirtShare.open(home)) to " + operation, null);
        }
        return directory;
    }

    XmlCodec codec() {
        return codec;
    }
}
