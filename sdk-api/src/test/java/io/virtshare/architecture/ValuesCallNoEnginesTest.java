package io.virtshare.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShareException;
import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.Template;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import io.virtshare.share.ShareOptions;
import io.virtshare.share.VmShares;
import io.virtshare.share.virtiofsd.VirtiofsdLauncher;
import io.virtshare.storage.NetfsPoolBuilder;
import io.virtshare.storage.PoolSpec;
import io.virtshare.xml.XmlCodec;
import io.virtshare.xml.XmlExtras;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * DESIGN, "Layers inside a module": arrows run one way, entry → engines → values. Values
 * (records, enums, sealed types, exceptions, and the builders and per-type builders of
 * values) validate themselves and call nothing below: a value class that mentions an
 * {@code io.virtshare.internal..} class (an engine: XML codec, archive extraction, catalog,
 * tree copy, share planning, virtiofsd supervision) fails this test. Put the convenience in the
 * entry layer ({@code VirtShare}, {@code Datastore}/{@code Images}, {@code XmlCodec}, the
 * backends) or keep a pure helper package-private beside the value (as {@code PoolRules}
 * beside {@code PoolSpec}).
 *
 * <p>References are read from the class files' constant pools ({@link ClassReferences}), so a
 * call inside a method body counts as much as a signature.
 */
class ValuesCallNoEnginesTest {

    private static final List<Class<?>> SDK_API = ApiSurface.classesBeside(VirtShareException.class);

    /** The packages of values and their entry points; {@code io.virtshare} itself holds the exceptions. */
    private static final Set<String> VALUE_PACKAGES = Set.of("io.virtshare", "io.virtshare.storage",
            "io.virtshare.domain", "io.virtshare.share", "io.virtshare.share.virtiofsd", "io.virtshare.vm",
            "io.virtshare.datastore", "io.virtshare.progress", "io.virtshare.xml");

    /**
     * Values that are neither records, enums, sealed types nor exceptions: immutable classes
     * and interfaces users hold as data. Everything else in the value packages that is not
     * a value by shape is entry (Datastore, Images and its package-private jobs, DomainXml
     * (a parsed document that edits through the codec), XmlCodec, VirtiofsdLauncher,
     * VirtiofsdGroup, PoolRollout, the Pools/Volumes/Vms interfaces backends implement).
     */
    private static final Set<Class<?>> VALUES_BY_NAME = Set.of(LibvirtFeatures.class, Template.class,
            Cancellation.class, ProgressListener.class, XmlExtras.class, ShareOptions.class);

    /**
     * Pure helpers in engine packages that values may use: no I/O, no process, no engine
     * call, nothing that reads a value back.
     */
    private static final Set<String> PURE_HELPERS = Set.of(
            // null checks for record components; throws InvalidSpecException
            "io.virtshare.internal.Checks",
            // the opaque value behind XmlExtras (a record of kept attributes and nodes) and its parts
            "io.virtshare.internal.xml.ExtraXml",
            // the mutable bag of a pool <source>'s fields shared by PoolSpec.Builder and the pool
            // codec; plain fields and the per-type field table
            "io.virtshare.internal.storage.SourceFields");

    /**
     * Arrows back up that are known and not yet straightened, each with what it runs. This
     * list only shrinks: a new arrow fails the test, and so does a listed one that is gone
     * (remove it here).
     */
    private static final Map<String, Set<String>> NOT_YET_STRAIGHTENED = Map.of(
            // share planning (QEMU arguments, <filesystem> devices, virtiofsd command lines, guest
            // mounts, pre-flight on this host) and mkfs for guest disks: to move behind the VM entry
            "io.virtshare.share.VmShares", Set.of(
                    "io.virtshare.internal.share.FilesystemDevices",
                    "io.virtshare.internal.share.GuestDiskCreator",
                    "io.virtshare.internal.share.GuestMounts",
                    "io.virtshare.internal.share.PreflightRules",
                    "io.virtshare.internal.share.QemuArguments",
                    "io.virtshare.internal.share.VirtiofsdArguments"),
            // detect()/find() run the daemon with --print-capabilities and --version: to move to
            // the entry (VirtiofsdLauncher)
            "io.virtshare.share.virtiofsd.VirtiofsdBinary", Set.of(
                    "io.virtshare.internal.shared.CommandResult",
                    "io.virtshare.internal.shared.CommandRunner"));

    @Test
    void values_referenceNoEnginePackage_exceptPureHelpers() {
        assertThat(lines(arrowsUp(SDK_API)))
                .as("value classes that reference an engine (io.virtshare.internal..) class: move the call to"
                        + " the entry layer (VirtShare, Datastore/Images, XmlCodec, a backend) or make the"
                        + " helper a pure package-private class beside the value; when an arrow listed in"
                        + " NOT_YET_STRAIGHTENED is gone, remove it there")
                .containsExactlyElementsOf(lines(NOT_YET_STRAIGHTENED));
    }

    @Test
    void classification_seesValuesAndEntries() {
        assertThat(SDK_API).filteredOn(ValuesCallNoEnginesTest::isValue)
                .contains(PoolSpec.class, PoolSpec.Builder.class, NetfsPoolBuilder.class, FilesystemDevice.class,
                        FilesystemDevice.Builder.class, VmShares.class, VirtShareException.class, XmlExtras.class);
        assertThat(SDK_API).filteredOn(ValuesCallNoEnginesTest::isValue)
                .doesNotContain(Datastore.class, DomainXml.class, XmlCodec.class, XmlCodec.Builder.class,
                        VirtiofsdLauncher.class, VirtiofsdLauncher.Builder.class);
    }

    // the rule itself is tested on fixtures, so the test above cannot pass vacuously

    @Test
    void rule_catchesAnEngineCallInAMethodBody() {
        assertThat(arrowsUp(List.of(LayerFixtures.RunsAnEngine.class)))
                .containsOnlyKeys(LayerFixtures.RunsAnEngine.class.getName())
                .extractingByKey(LayerFixtures.RunsAnEngine.class.getName())
                .isEqualTo(Set.of("io.virtshare.internal.shared.TreeDeleter"));
    }

    @Test
    void rule_catchesAnEngineCallInABuilderOfAValue() {
        assertThat(arrowsUp(List.of(LayerFixtures.RunsAnEngine.Builder.class)))
                .containsOnlyKeys(LayerFixtures.RunsAnEngine.Builder.class.getName());
    }

    @Test
    void rule_allowsPureHelpers_andEntries() {
        assertThat(arrowsUp(List.of(LayerFixtures.UsesAPureHelper.class, LayerFixtures.AnEntry.class,
                LayerFixtures.AnEntry.Step.class))).isEmpty();
    }

    private static Map<String, Set<String>> arrowsUp(List<Class<?>> classes) {
        Map<String, Set<String>> arrows = new TreeMap<>();
        for (Class<?> type : classes) {
            if (!isValue(type)) {
                continue;
            }
            Set<String> engines = new TreeSet<>();
            for (String name : ClassReferences.of(type)) {
                if (name.startsWith("io.virtshare.internal.") && !isPureHelper(name)) {
                    engines.add(name);
                }
            }
            if (!engines.isEmpty()) {
                arrows.put(type.getName(), engines);
            }
        }
        return arrows;
    }

    /** One "value -> engine" line per arrow, sorted. */
    private static List<String> lines(Map<String, Set<String>> arrows) {
        Set<String> lines = new TreeSet<>();
        arrows.forEach((value, engines) -> engines.forEach(engine -> lines.add(value + " -> " + engine)));
        return List.copyOf(lines);
    }

    private static boolean isPureHelper(String name) {
        return PURE_HELPERS.stream().anyMatch(h -> name.equals(h) || name.startsWith(h + "$"));
    }

    /**
     * Whether {@code type} is in the value layer: by shape, by name, or nested in a value; a
     * non-public type nested in an entry belongs to that entry.
     */
    static boolean isValue(Class<?> type) {
        if (!VALUE_PACKAGES.contains(type.getPackageName()) && !type.getName().startsWith(
                ValuesCallNoEnginesTest.class.getPackageName() + ".LayerFixtures")) {
            return false;
        }
        Class<?> enclosing = type.getEnclosingClass();
        if (enclosing != null && !Modifier.isPublic(type.getModifiers()) && !isValue(enclosing)) {
            return false; // a private record or enum inside an entry is part of that entry
        }
        if (type.isRecord() || type.isEnum() || type.isSealed() || Throwable.class.isAssignableFrom(type)
                || VALUES_BY_NAME.contains(type) || buildsAValue(type)) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (i.isSealed()) {
                return true;
            }
        }
        return enclosing != null && isValue(enclosing);
    }

    /** A builder (a top-level per-type builder, too) whose {@code build()} returns a value. */
    private static boolean buildsAValue(Class<?> type) {
        for (var m : type.getDeclaredMethods()) {
            if (m.getName().equals("build") && m.getParameterCount() == 0 && m.getReturnType() != type
                    && !m.getReturnType().isPrimitive() && isValue(m.getReturnType())) {
                return true;
            }
        }
        return false;
    }
}
