package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;

/** What a command prints on stdout (part of the runner's contract: JSON, or XML where a command says so). */
sealed interface Output {
    /** Prints it. */
    void print(PrintStream out) throws IOException;

    /** A JSON tree, printed as Jackson's default pretty printer lays it out, with a line break. */
    record Tree(JsonNode tree) implements Output {
        @Override
        public void print(PrintStream out) throws IOException {
            out.println(JsonText.pretty(tree));
        }
    }

    /**
     * JSON the command wrote itself with the same layout ({@code io.virtshare.internal.json.JsonWriter}),
     * printed with a line break: the datastore commands answer this way, without starting Jackson.
     */
    record Written(String json) implements Output {
        @Override
        public void print(PrintStream out) {
            out.println(json);
        }
    }

    /** XML, printed as it is. */
    record Xml(String xml) implements Output {
        @Override
        public void print(PrintStream out) {
            out.print(xml);
        }
    }
}
