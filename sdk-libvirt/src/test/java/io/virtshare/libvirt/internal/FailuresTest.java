package io.virtshare.libvirt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.libvirt.LibvirtFailure;
import io.virtshare.libvirt.LibvirtOperationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.libvirt.Error.ErrorNumber;

class FailuresTest {
    @ParameterizedTest
    @CsvSource({
        "VIR_ERR_NO_STORAGE_POOL, NOT_FOUND",
        "VIR_ERR_NO_STORAGE_VOL, NOT_FOUND",
        "VIR_ERR_STORAGE_VOL_EXIST, ALREADY_EXISTS",
        "VIR_ERR_NO_SUPPORT, NOT_SUPPORTED",
        "VIR_ERR_OPERATION_UNSUPPORTED, NOT_SUPPORTED",
        "VIR_ERR_OPERATION_INVALID, INVALID_REQUEST",
        "VIR_ERR_XML_ERROR, INVALID_REQUEST",
        "VIR_ERR_ACCESS_DENIED, ACCESS_DENIED",
        "VIR_ERR_OPERATION_DENIED, ACCESS_DENIED",
        "VIR_ERR_RESOURCE_BUSY, BUSY",
        "VIR_ERR_RPC, CONNECTION",
        "VIR_ERR_SYSTEM_ERROR, FAILED",
        "VIR_ERR_INTERNAL_ERROR, FAILED",
    })
    void kind_followsLibvirtsErrorCode(ErrorNumber code, LibvirtFailure kind) {
        assertThat(Failures.kind(code)).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({
        "NOT_FOUND, pool-list --all",
        "ALREADY_EXISTS, choose another name",
        "NOT_SUPPORTED, qemu:///system",
        "ACCESS_DENIED, libvirt group",
        "BUSY, stop the domain",
        "CONNECTION, libvirtd runs",
    })
    void message_namesTheObjectAndSaysWhatToDo(LibvirtFailure kind, String advice) {
        LibvirtOperationException e = Failures.failure("qemu:///system", "delete volume", "images", "a.qcow2", kind,
                "libvirt's words", null);

        assertThat(e).hasMessageStartingWith("cannot delete volume 'a.qcow2' in pool 'images' on qemu:///system:"
                + " libvirt's words; ").hasMessageContaining(advice);
        assertThat(e.failure()).isEqualTo(kind);
    }
}
