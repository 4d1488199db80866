package io.virtshare.internal.libvirt;

import io.virtshare.domain.DomainXml;
import io.virtshare.internal.xml.Dom;
import io.virtshare.internal.xml.SafeXml;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * A domain as libvirt reported it at one moment: whether it runs, whether it is persistent,
 * its live XML (when running) and its persistent definition (when persistent).
 *
 * @param name the domain's name
 * @param live the running domain's XML, when it runs
 * @param config the persistent definition, when it has one
 */
record DomainView(String name, Optional<String> live, Optional<String> config) {
    DomainView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(config, "config");
    }

    boolean active() {
        return live.isPresent();
    }

    boolean persistent() {
        return config.isPresent();
    }

    /** The live XML, or the definition when not running. */
    String current() {
        return live.or(() -> config).orElseThrow();
    }

    /** The domain's XML as it applies in {@code live} or the definition, parsed. */
    DomainXml xml(boolean running) {
        return DomainXml.parse(running ? live.orElseThrow() : config.orElseThrow());
    }

    /** The machine type ({@code <os><type machine>}), as libvirt expanded it; empty when the XML has none. */
    String machine() {
        Element root = SafeXml.parse(current(), "domain", "domain XML").getDocumentElement();
        return Dom.child(root, "os").flatMap(os -> Dom.child(os, "type")).map(t -> t.getAttribute("machine"))
                .orElse("");
    }
}
