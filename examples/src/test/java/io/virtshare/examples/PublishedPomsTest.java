package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What Maven Central requires of every deployed POM (name, description, url, licenses, developers, scm),
 * the BOM users import pinning nothing but our artifacts, and the LICENSE file the POMs declare.
 */
class PublishedPomsTest {
    private static final Path ROOT = Path.of("..");
    private static final List<String> METADATA = List.of("url", "licenses/license/name", "licenses/license/url",
            "developers/developer/name", "scm/connection", "scm/developerConnection", "scm/url");

    private static PomFile parent() throws IOException {
        return PomFile.read(ROOT.resolve("pom.xml"));
    }

    private static PomFile bom() throws IOException {
        return PomFile.read(ROOT.resolve("bom/pom.xml"));
    }

    /** The modules of the parent that inherit from it and are deployed (not {@code maven.deploy.skip}). */
    private static List<PomFile> deployedChildren() throws IOException {
        List<PomFile> children = new ArrayList<>();
        for (Element module : parent().all("modules/module")) {
            PomFile pom = PomFile.read(ROOT.resolve(module.getTextContent().strip()).resolve("pom.xml"));
            boolean child = pom.text("parent/artifactId").filter("virtshare-parent"::equals).isPresent();
            if (child && !pom.text("properties/maven.deploy.skip").filter("true"::equals).isPresent()) {
                children.add(pom);
            }
        }
        return children;
    }

    private static Set<String> managedArtifacts(PomFile pom, String groupId) {
        return pom.all("dependencyManagement/dependencies/dependency").stream()
                .filter(d -> PomFile.child(d, "groupId").orElse("").equals(groupId))
                .map(d -> PomFile.child(d, "artifactId").orElseThrow())
                .collect(Collectors.toSet());
    }

    @Test
    void parent_carriesTheMetadataCentralRequires() throws IOException {
        PomFile parent = parent();
        assertThat(parent.text("name")).isPresent();
        assertThat(parent.text("description")).isPresent();
        for (String path : METADATA) {
            assertThat(parent.text(path)).as("pom.xml %s", path).hasValueSatisfying(v -> assertThat(v).isNotBlank());
        }
        // children inherit the URLs as they are: one repository, not one per artifactId
        Element scm = parent.all("scm").get(0);
        for (String url : List.of("connection", "developerConnection", "url")) {
            assertThat(scm.getAttribute("child.scm." + url + ".inherit.append.path")).as("scm " + url)
                    .isEqualTo("false");
        }
    }

    @Test
    void deployedModules_inheritTheMetadata_andNameThemselves() throws IOException {
        List<PomFile> children = deployedChildren();
        assertThat(children).extracting(p -> p.text("artifactId").orElseThrow())
                .contains("sdk-api", "sdk-libvirt", "sdk-hf", "sdk-testkit");
        for (PomFile child : children) {
            assertThat(child.text("name")).as("%s name", child.file()).isPresent();
            assertThat(child.text("description")).as("%s description", child.file()).isPresent();
            for (String inherited : List.of("url", "licenses", "developers", "scm")) {
                assertThat(child.all(inherited)).as("%s overrides the parent's %s", child.file(), inherited).isEmpty();
            }
        }
    }

    @Test
    void bom_hasNoParent_andPinsOurArtifactsOnly() throws IOException {
        PomFile bom = bom();
        assertThat(bom.all("parent")).as("an imported BOM passes on what it inherits: no <parent>").isEmpty();
        List<Element> managed = bom.all("dependencyManagement/dependencies/dependency");
        assertThat(managed).isNotEmpty().allSatisfy(d -> {
            assertThat(PomFile.child(d, "groupId")).hasValue("io.virtshare");
            assertThat(PomFile.child(d, "version")).hasValue("${project.version}");
            assertThat(PomFile.child(d, "scope")).as("no imports of other BOMs").isEmpty();
        });
        assertThat(managedArtifacts(bom, "io.virtshare"))
                .as("the BOM pins the artifacts the parent pins for the build")
                .isEqualTo(managedArtifacts(parent(), "io.virtshare"));
        assertThat(bom.all("dependencies")).isEmpty();
        assertThat(bom.all("repositories")).isEmpty();
    }

    @Test
    void bom_hasTheParentsVersionAndMetadata() throws IOException {
        PomFile bom = bom();
        PomFile parent = parent();
        assertThat(bom.text("packaging")).hasValue("pom");
        assertThat(bom.text("groupId")).isEqualTo(parent.text("groupId"));
        assertThat(bom.text("version")).isEqualTo(parent.text("version"));
        assertThat(bom.text("name")).isPresent();
        assertThat(bom.text("description")).isPresent();
        for (String path : METADATA) {
            assertThat(bom.text(path)).as("bom/pom.xml %s", path).isEqualTo(parent.text(path));
        }
    }

    @Test
    void licenseFile_isTheApacheLicenseThePomsDeclare() throws IOException {
        assertThat(parent().text("licenses/license/name")).hasValue("Apache License, Version 2.0");
        String license = Files.readString(ROOT.resolve("LICENSE"));
        assertThat(license.strip()).startsWith("Apache License\n                           Version 2.0, January 2004");
        assertThat(license).contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION",
                "END OF TERMS AND CONDITIONS", "APPENDIX: How to apply the Apache License to your work.");
    }
}
