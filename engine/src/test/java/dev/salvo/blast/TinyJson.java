package dev.salvo.blast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-only JSON reader (RFC 8259 subset without \\u escapes): objects to maps, arrays to lists, numbers to doubles. */
final class TinyJson {
    private final String s;
    private int at;

    private TinyJson(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        TinyJson p = new TinyJson(text);
        Object v = p.value();
        p.space();
        if (p.at != text.length()) {
            throw new IllegalArgumentException("trailing text at " + p.at);
        }
        return v;
    }

    private Object value() {
        space();
        char c = s.charAt(at);
        if (c == '{') {
            Map<String, Object> m = new LinkedHashMap<>();
            at++;
            space();
            if (s.charAt(at) == '}') {
                at++;
                return m;
            }
            do {
                space();
                String k = string();
                space();
                expect(':');
                m.put(k, value());
                space();
            } while (s.charAt(at++) == ',');
            if (s.charAt(at - 1) != '}') {
                throw new IllegalArgumentException("expected } at " + (at - 1));
            }
            return m;
        }
        if (c == '[') {
            List<Object> l = new ArrayList<>();
            at++;
            space();
            if (s.charAt(at) == ']') {
                at++;
                return l;
            }
            do {
                l.add(value());
                space();
            } while (s.charAt(at++) == ',');
            if (s.charAt(at - 1) != ']') {
                throw new IllegalArgumentException("expected ] at " + (at - 1));
            }
            return l;
        }
        if (c == '"') {
            return string();
        }
        if (s.startsWith("null", at)) {
            at += 4;
            return null;
        }
        if (s.startsWith("true", at) || s.startsWith("false", at)) {
            boolean b = s.startsWith("true", at);
            at += b ? 4 : 5;
            return b;
        }
        int start = at;
        while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
            at++;
        }
        return Double.parseDouble(s.substring(start, at));
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        for (char c = s.charAt(at++); c != '"'; c = s.charAt(at++)) {
            b.append(c == '\\' ? s.charAt(at++) : c);
        }
        return b.toString();
    }

    private void expect(char c) {
        if (s.charAt(at++) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
        }
    }

    private void space() {
        while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
            at++;
        }
    }
}
