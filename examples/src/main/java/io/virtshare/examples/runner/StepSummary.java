package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;

/** One line of words for a step of {@code pool-lifecycle}, from its JSON entry, for stderr. */
final class StepSummary {
    private StepSummary() {
    }

    static String of(JsonNode step) {
        String text = switch (step.path("step").asText()) {
            case "connect" -> "the " + step.path("backend").asText() + " backend, libvirt " + step.path("libvirt").asText();
            case "define" -> "uuid " + step.path("uuid").asText();
            case "build" -> step.has("target") ? step.path("target").asText() : "";
            case "start" -> step.path("state").asText() + ", " + step.path("available").asText() + " free of "
                    + step.path("capacity").asText();
            case "create-volume", "clone-volume" -> step.path("path").asText() + " (" + step.path("format")
                    .asText("no format") + ", " + step.path("capacity").asText() + ", " + step.path("allocation")
                    .asText() + " allocated)";
            case "list-volumes" -> String.join(", ", step.path("volumes").findValuesAsText("volume"));
            case "delete-volume" -> "removed " + step.path("path").asText();
            case "stop" -> step.path("state").asText();
            case "delete" -> step.path("deleted").asBoolean() ? "removed " + step.path("target").asText()
                    : step.path("reason").asText();
            case "undefine" -> step.path("defined").asBoolean() ? "still defined" : "no longer defined";
            default -> "";
        };
        return text + " (" + step.path("ms").asLong() + " ms)";
    }
}
