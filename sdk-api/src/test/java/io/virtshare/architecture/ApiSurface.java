package io.virtshare.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads the public API surface of the compiled classes of a module: every type
 * visible to users and every type its visible members mention.
 */
final class ApiSurface {
    private final Predicate<Class<?>> forbidden;
    private final List<String> violations = new ArrayList<>();

    private ApiSurface(Predicate<Class<?>> forbidden) {
        this.forbidden = forbidden;
    }

    /** The classes compiled into the directory (or jar root) that holds {@code anchor}. */
    static List<Class<?>> classesBeside(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = root.relativize(file).toString();
                if (!name.endsWith(".class") || name.endsWith("module-info.class")
                        || name.endsWith("package-info.class")) {
                    continue;
                }
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                classes.add(Class.forName(className, false, anchor.getClassLoader()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return classes;
    }

    static boolean isInternal(Class<?> type) {
        String pkg = type.getPackageName();
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    /** Whether users can see {@code type}: public, in a non-internal package, enclosed by visible types. */
    static boolean isApi(Class<?> type) {
        if (isInternal(type) || type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Lists every place where an API type in {@code classes} mentions a type accepted by
     * {@code forbidden}: supertypes, fields, constructors, methods, record components,
     * type parameters, thrown exceptions and annotations.
     */
    static List<String> violations(List<Class<?>> classes, Predicate<Class<?>> forbidden) {
        ApiSurface surface = new ApiSurface(forbidden);
        for (Class<?> type : classes) {
            if (isApi(type)) {
                surface.inspect(type);
            }
        }
        return surface.violations;
    }

    private void inspect(Class<?> type) {
        String where = type.getName();
        check(where + " extends", type.getGenericSuperclass());
        for (Type i : type.getGenericInterfaces()) {
            check(where + " implements", i);
        }
        for (TypeVariable<?> v : type.getTypeParameters()) {
            check(where + " type parameter " + v.getName(), v);
        }
        annotations(where, type);
        if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                check(where + " permits", permitted);
            }
        }
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                check(where + " record component " + c.getName(), c.getGenericType());
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers(), type) && !f.isSynthetic()) {
                check(where + "." + f.getName(), f.getGenericType());
                annotations(where + "." + f.getName(), f);
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers(), type) && !c.isSynthetic()) {
                executable(where + ".<init>", c);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m.getModifiers(), type) && !m.isSynthetic() && !m.isBridge()) {
                executable(where + "." + m.getName() + "()", m);
                check(where + "." + m.getName() + "() returns", m.getGenericReturnType());
            }
        }
    }

    private static boolean visible(int modifiers, Class<?> owner) {
        return Modifier.isPublic(modifiers)
                || (Modifier.isProtected(modifiers) && !Modifier.isFinal(owner.getModifiers()));
    }

    private void executable(String where, Executable e) {
        for (Type p : e.getGenericParameterTypes()) {
            check(where + " parameter", p);
        }
        for (Type t : e.getGenericExceptionTypes()) {
            check(where + " throws", t);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
            check(where + " type parameter " + v.getName(), v);
        }
        annotations(where, e);
    }

    private void annotations(String where, AnnotatedElement element) {
        for (var a : element.getDeclaredAnnotations()) {
            check(where + " annotated", a.annotationType());
        }
    }

    private void check(String where, Type type) {
        Set<Class<?>> mentioned = new java.util.LinkedHashSet<>();
        collect(type, mentioned, new java.util.HashSet<>());
        for (Class<?> c : mentioned) {
            if (forbidden.test(c)) {
                violations.add(where + " -> " + c.getName());
            }
        }
    }

    private static void collect(Type type, Set<Class<?>> into, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            into.add(c);
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), into, seen);
            collect(p.getOwnerType(), into, seen);
            for (Type arg : p.getActualTypeArguments()) {
                collect(arg, into, seen);
            }
        } else if (type instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), into, seen);
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                collect(b, into, seen);
            }
            for (Type b : w.getLowerBounds()) {
                collect(b, into, seen);
            }
        } else if (type instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                collect(b, into, seen);
            }
        }
    }

    /** Names of the packages of {@code classes}, sorted, for messages. */
    static Set<String> packages(List<Class<?>> classes) {
        Set<String> names = new TreeSet<>();
        classes.forEach(c -> names.add(c.getPackageName()));
        return names;
    }
}
