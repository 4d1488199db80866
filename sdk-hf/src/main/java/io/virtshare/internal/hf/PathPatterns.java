package io.virtshare.internal.hf;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code huggingface_hub}'s allow/ignore filtering: Python {@code fnmatch} patterns
 * ({@code *} matches any characters including {@code /}, {@code ?} one character,
 * {@code [seq]} and {@code [!seq]} sets; case-sensitive as on Linux), a pattern ending
 * in {@code /} gets {@code *} appended; a path is kept when it matches an allow pattern
 * (or none are given) and no ignore pattern.
 */
public final class PathPatterns {
    private final List<Pattern> allow;
    private final List<Pattern> ignore;

    public PathPatterns(List<String> allow, List<String> ignore) {
        this.allow = allow.stream().map(PathPatterns::compile).toList();
        this.ignore = ignore.stream().map(PathPatterns::compile).toList();
    }

    public boolean keeps(String path) {
        if (!allow.isEmpty() && allow.stream().noneMatch(p -> p.matcher(path).matches())) {
            return false;
        }
        return ignore.stream().noneMatch(p -> p.matcher(path).matches());
    }

    static Pattern compile(String pattern) {
        return Pattern.compile(translate(pattern.endsWith("/") ? pattern + "*" : pattern), Pattern.DOTALL);
    }

    /** Python's {@code fnmatch.translate}, to a Java regex matched against the whole path. */
    static String translate(String pat) {
        StringBuilder res = new StringBuilder();
        int i = 0;
        int n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                res.append(".*");
                while (i < n && pat.charAt(i) == '*') {
                    i++;
                }
            } else if (c == '?') {
                res.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    res.append("\\[");
                } else {
                    String stuff = pat.substring(i, j);
                    i = j + 1;
                    res.append(set(stuff));
                }
            } else {
                res.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return res.toString();
    }

    private static String set(String stuff) {
        boolean negate = stuff.startsWith("!");
        String body = negate ? stuff.substring(1) : stuff;
        if (body.isEmpty()) {
            // "[!]" matches any one character, "[]" nothing (Python: empty range)
            return negate ? "." : "(?!)";
        }
        StringBuilder b = new StringBuilder(negate ? "[^" : "[");
        for (int k = 0; k < body.length(); k++) {
            char ch = body.charAt(k);
            boolean range = ch == '-' && k > 0 && k < body.length() - 1;
            if (range) {
                b.append('-');
            } else if (Character.isLetterOrDigit(ch)) {
                b.append(ch);
            } else {
                b.append('\\').append(ch);
            }
        }
        return b.append(']').toString();
    }
}
