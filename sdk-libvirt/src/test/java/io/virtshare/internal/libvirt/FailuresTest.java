package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.BackendFailure;
import io.virtshare.BackendException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
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
    void kind_followsLibvirtsErrorCode(ErrorNumber code, BackendFailure kind) {
        assertThat(Failures.kind(code)).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({
        "NOT_FOUND, vol-list images",
        "ALREADY_EXISTS, choose another name",
        "NOT_SUPPORTED, qemu:///system",
        "ACCESS_DENIED, libvirt group",
        "BUSY, stop the domain",
        "CONNECTION, libvirtd runs",
    })
    void message_namesTheObjectAndSaysWhatToDo(BackendFailure kind, String advice) {
        BackendException e = Failures.failure("qemu:///system", "delete volume", "images", "a.qcow2",
                Existing.VOLUME, kind, "libvirt's words", null);

        assertThat(e).hasMessageStartingWith("cannot delete volume 'a.qcow2' in pool 'images' on qemu:///system:"
                + " libvirt's words; ").hasMessageContaining(advice);
        assertThat(e.failure()).isEqualTo(kind);
    }

    @ParameterizedTest
    @EnumSource(BackendFailure.class)
    void beforeAPoolExists_noAdviceInspectsIt(BackendFailure kind) {
        BackendException e = Failures.failure("qemu:///system", "define pool", "images", null,
                Existing.NOTHING_YET, kind, "XML error: Invalid value for attribute 'type'", null);

        assertThat(e.getMessage()).startsWith("cannot define pool 'images' on qemu:///system: XML error: Invalid"
                + " value for attribute 'type'; ").doesNotContain("pool-info").doesNotContain("vol-info")
                .doesNotContainPattern("pool-(dumpxml|info)|vol-(dumpxml|info)");
        assertThat(e.failure()).isEqualTo(kind);
    }

    @ParameterizedTest
    @EnumSource(BackendFailure.class)
    void onTheHostAtLarge_noAdviceInspectsAPoolOrVolume(BackendFailure kind) {
        assertThat(Failures.failure("qemu:///system", "look up pool", "images", null, Existing.HOST, kind, "said",
                null)).message().doesNotContainPattern("pool-info|vol-info");
    }

    @ParameterizedTest
    @CsvSource({
        "NOTHING_YET, INVALID_REQUEST, nothing is defined; change what libvirt's message names",
        "NOTHING_YET, NOT_FOUND, something the XML refers to",
        "NOTHING_YET, FAILED, nothing is defined; libvirt's message above says why",
        "HOST, INVALID_REQUEST, nothing was changed",
        "HOST, NOT_FOUND, virsh -c qemu:///system pool-list --all",
        "POOL, INVALID_REQUEST, check the pool's state (virsh -c qemu:///system pool-info images)",
        "POOL, NOT_FOUND, virsh -c qemu:///system pool-list --all",
        "VOLUME, INVALID_REQUEST, check the volume (virsh -c qemu:///system vol-info --pool images a.qcow2)",
        "VOLUME, NOT_FOUND, virsh -c qemu:///system vol-list images",
        "VM, NOT_FOUND, virsh -c qemu:///system list --all",
        "VM, INVALID_REQUEST, check the VM's state (virsh -c qemu:///system domstate images)",
    })
    void advice_fitsWhatExists(Existing existing, BackendFailure kind, String advice) {
        assertThat(Failures.failure("qemu:///system", "do something to", "images", "a.qcow2", existing, kind, "said",
                null)).message().contains(advice);
    }

    @Test
    void advice_quotesNamesThatAreNotOneShellWord() {
        assertThat(Failures.failure("qemu:///system", "wipe volume", "my pool", "it's.raw", Existing.VOLUME,
                BackendFailure.INVALID_REQUEST, "said", null))
                .hasMessageContaining("vol-info --pool 'my pool' 'it'\\''s.raw'");
    }
}
