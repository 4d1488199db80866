package io.virtshare.internal.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.virtshare.datastore.ImageState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog entry ({@link ImageRecord}) as JSON, read and written with jackson-core's
 * streaming parser and generator: the same text an {@code ObjectMapper} writes and reads (the
 * record's components in order, Jackson's default pretty printer; unknown fields ignored,
 * a missing number read as 0 and a missing text as null), without jackson-databind's
 * start-up — its serializers and the record introspection cost a short command more than
 * everything else it does (a few hundred ms on a busy machine).
 *
 * <p>The input is untrusted: anything not of the expected shape is a
 * {@link com.fasterxml.jackson.core.JacksonException}, which the catalog turns into a
 * quarantined entry.
 */
final class ImageRecordJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ImageRecordJson() {
    }

    /** The entry as written to its file. */
    static byte[] write(ImageRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            out.setPrettyPrinter(new DefaultPrettyPrinter());
            out.writeStartObject();
            out.writeNumberField("id", record.id());
            out.writeStringField("name", record.name());
            out.writeStringField("state", record.state() == null ? null : record.state().name());
            out.writeStringField("path", record.path());
            out.writeStringField("source", record.source());
            out.writeNumberField("apparentBytes", record.apparentBytes());
            out.writeNumberField("allocatedBytes", record.allocatedBytes());
            out.writeNumberField("files", record.files());
            out.writeStringField("commit", record.commit());
            out.writeStringField("error", record.error());
            out.writeNumberField("created", record.created());
            out.writeFieldName("owner");
            owner(record.owner(), out);
            out.writeArrayFieldStart("cloners");
            for (ImageRecord.Cloner cloner : record.cloners()) {
                out.writeStartObject();
                out.writeFieldName("owner");
                owner(cloner.owner(), out);
                out.writeStringField("token", cloner.token());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeNumberField("users", record.users());
            out.writeFieldName("transfer");
            transfer(record.transfer(), out);
            out.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void transfer(ImageRecord.Transfer transfer, JsonGenerator out) throws IOException {
        if (transfer == null) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        out.writeNumberField("downloaded", transfer.downloaded());
        out.writeNumberField("reused", transfer.reused());
        out.writeEndObject();
    }

    private static void owner(Owner owner, JsonGenerator out) throws IOException {
        if (owner == null) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        out.writeStringField("host", owner.host());
        out.writeNumberField("pid", owner.pid());
        out.writeNumberField("started", owner.started());
        out.writeEndObject();
    }

    /**
     * The entry in {@code bytes}, or null when they hold the JSON {@code null}.
     *
     * @throws com.fasterxml.jackson.core.JacksonException when they hold no entry
     */
    static ImageRecord read(byte[] bytes) throws IOException {
        try (JsonParser in = FACTORY.createParser(bytes)) {
            JsonToken first = in.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(in, first, JsonToken.START_OBJECT, "an object");
            int id = 0;
            String name = null;
            ImageState state = null;
            String path = null;
            String source = null;
            long apparentBytes = 0;
            long allocatedBytes = 0;
            long files = 0;
            String commit = null;
            String error = null;
            long created = 0;
            Owner owner = null;
            List<ImageRecord.Cloner> cloners = null;
            int users = 0;
            ImageRecord.Transfer transfer = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                switch (field) {
                    case "id" -> id = (int) number(in, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    case "name" -> name = text(in);
                    case "state" -> state = state(in);
                    case "path" -> path = text(in);
                    case "source" -> source = text(in);
                    case "apparentBytes" -> apparentBytes = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                    case "allocatedBytes" -> allocatedBytes = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                    case "files" -> files = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                    case "commit" -> commit = text(in);
                    case "error" -> error = text(in);
                    case "created" -> created = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                    case "owner" -> owner = owner(in);
                    case "cloners" -> cloners = cloners(in);
                    case "users" -> users = (int) number(in, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    case "transfer" -> transfer = transfer(in);
                    default -> in.skipChildren();
                }
            }
            expect(in, in.currentToken(), JsonToken.END_OBJECT, "the end of the object");
            return new ImageRecord(id, name, state, path, source, apparentBytes, allocatedBytes, files, commit,
                    error, created, owner, cloners, users, transfer);
        }
    }

    private static ImageRecord.Transfer transfer(JsonParser in) throws IOException {
        if (in.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(in, in.currentToken(), JsonToken.START_OBJECT, "a transfer object");
        long downloaded = 0;
        long reused = 0;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            in.nextToken();
            switch (field) {
                case "downloaded" -> downloaded = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                case "reused" -> reused = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> in.skipChildren();
            }
        }
        expect(in, in.currentToken(), JsonToken.END_OBJECT, "the end of the transfer");
        return new ImageRecord.Transfer(downloaded, reused);
    }

    private static Owner owner(JsonParser in) throws IOException {
        if (in.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(in, in.currentToken(), JsonToken.START_OBJECT, "an owner object");
        String host = null;
        long pid = 0;
        long started = 0;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            in.nextToken();
            switch (field) {
                case "host" -> host = text(in);
                case "pid" -> pid = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                case "started" -> started = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> in.skipChildren();
            }
        }
        expect(in, in.currentToken(), JsonToken.END_OBJECT, "the end of the owner");
        return new Owner(host, pid, started);
    }

    private static List<ImageRecord.Cloner> cloners(JsonParser in) throws IOException {
        if (in.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(in, in.currentToken(), JsonToken.START_ARRAY, "an array of clone marks");
        List<ImageRecord.Cloner> cloners = new ArrayList<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            if (in.currentToken() == JsonToken.VALUE_NULL) {
                cloners.add(null);
                continue;
            }
            expect(in, in.currentToken(), JsonToken.START_OBJECT, "a clone mark object");
            Owner owner = null;
            String token = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                switch (field) {
                    case "owner" -> owner = owner(in);
                    case "token" -> token = text(in);
                    default -> in.skipChildren();
                }
            }
            expect(in, in.currentToken(), JsonToken.END_OBJECT, "the end of the clone mark");
            cloners.add(new ImageRecord.Cloner(owner, token));
        }
        return cloners;
    }

    /** A text field: a string, null, or another scalar as its text (as jackson-databind coerces them). */
    private static String text(JsonParser in) throws IOException {
        JsonToken token = in.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new JsonParseException(in, "field '" + in.currentName() + "' is not a text");
        }
        return in.getText();
    }

    /** A whole-number field within bounds: a number, a number in a string, or null (0). */
    private static long number(JsonParser in, long min, long max) throws IOException {
        JsonToken token = in.currentToken();
        long value;
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        } else if (token == JsonToken.VALUE_NUMBER_INT) {
            value = in.getLongValue();
        } else if (token == JsonToken.VALUE_STRING) {
            try {
                value = Long.parseLong(in.getText().strip());
            } catch (NumberFormatException e) {
                throw new JsonParseException(in, "field '" + in.currentName() + "' is not a whole number");
            }
        } else {
            throw new JsonParseException(in, "field '" + in.currentName() + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new JsonParseException(in, "field '" + in.currentName() + "' is out of range");
        }
        return value;
    }

    private static ImageState state(JsonParser in) throws IOException {
        String name = text(in);
        if (name == null) {
            return null;
        }
        try {
            return ImageState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new JsonParseException(in, "field 'state' is not an image state: " + name);
        }
    }

    private static void expect(JsonParser in, JsonToken actual, JsonToken expected, String what)
            throws IOException {
        if (actual != expected) {
            throw new JsonParseException(in, "expected " + what + ", found " + (actual == null ? "the end" : actual));
        }
    }
}
