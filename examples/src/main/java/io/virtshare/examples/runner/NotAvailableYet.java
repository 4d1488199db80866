package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A command of the runner contract whose capability is not built yet. It says so and
 * exits 2; it never pretends to work.
 */
record NotAvailableYet(String name, String synopsis, String capability) implements Command {
    @Override
    public JsonNode run(List<String> args, Console console) {
        throw new UsageException("not available yet: " + capability, false);
    }
}
