package io.virtshare.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the names of the classes a compiled class refers to, from its constant pool: class
 * entries and the type descriptors and generic signatures of fields, methods and calls (lambda
 * bodies and the code of nested classes live in their own or the enclosing class file, so
 * nothing the class runs escapes). No reflection: a reference only in a method body counts too.
 */
final class ClassReferences {
    /** A class name inside a descriptor or signature ({@code Lio/virtshare/x/Y;}) or a class entry. */
    private static final Pattern NAME = Pattern.compile("L?([A-Za-z_$][\\w$]*(?:/[\\w$]+)+)[;<]?");

    private ClassReferences() {
    }

    /** Binary names ({@code a.b.C$D}) of the classes {@code type}'s class file mentions, itself excluded. */
    static Set<String> of(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + type.getName());
            }
            Set<String> names = new TreeSet<>();
            for (String utf8 : constantPoolStrings(new DataInputStream(in))) {
                Matcher m = NAME.matcher(utf8);
                while (m.find()) {
                    names.add(m.group(1).replace('/', '.'));
                }
            }
            names.remove(type.getName());
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
    private static Set<String> constantPoolStrings(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IllegalStateException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Set<String> strings = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> strings.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IllegalStateException("unknown constant pool tag " + tag);
            }
        }
        return strings;
    }
}
