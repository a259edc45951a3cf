package dev.salvo.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Reads samples out of a Prometheus text-format scrape. */
final class Scrape {
    private final List<String> samples = new ArrayList<>();

    Scrape(String text) {
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                samples.add(line);
            }
        }
    }

    /** The value of the one sample named {@code name} that carries every {@code labels} pair ("k", "v", ...). */
    OptionalDouble value(String name, String... labels) {
        OptionalDouble found = OptionalDouble.empty();
        for (String line : samples) {
            if (!sampleName(line).equals(name) || !hasLabels(line, labels)) {
                continue;
            }
            if (found.isPresent()) {
                throw new AssertionError("more than one sample of " + name + " matches: " + line);
            }
            found = OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return found;
    }

    long count(String name, String... labels) {
        return samples.stream().filter(l -> sampleName(l).equals(name) && hasLabels(l, labels)).count();
    }

    boolean hasName(String name) {
        return samples.stream().anyMatch(l -> sampleName(l).equals(name));
    }

    private static String sampleName(String line) {
        int end = line.indexOf('{');
        return line.substring(0, end >= 0 ? end : line.indexOf(' '));
    }

    private static boolean hasLabels(String line, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            String pair = labels[i] + "=\"" + labels[i + 1] + "\"";
            if (!line.contains("{" + pair + ",") && !line.contains("," + pair + ",")
                    && !line.contains("{" + pair + "}") && !line.contains("," + pair + "}")) {
                return false;
            }
        }
        return true;
    }
}
