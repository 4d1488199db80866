package io.virtshare.internal.catalog;

import io.virtshare.datastore.ImageState;
import io.virtshare.internal.json.JsonReader;
import io.virtshare.internal.json.JsonReader.Token;
import io.virtshare.internal.json.JsonWriter;
import io.virtshare.internal.json.MalformedJsonException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog entry ({@link ImageRecord}) as JSON, read with {@link JsonReader} and written with
 * {@link JsonWriter}: the same text jackson-databind wrote and read for the record before (its
 * components in order, Jackson's default pretty printer; unknown fields ignored, a missing
 * number read as 0 and a missing text as null, a number in a string read as the number, a
 * scalar read as its text), without a JSON library's start-up in every short command.
 *
 * <p>The input is untrusted: anything not of the expected shape is a
 * {@link MalformedJsonException}, which the catalog turns into a quarantined entry.
 */
final class ImageRecordJson {
    private ImageRecordJson() {
    }

    /**
     * The entry as written to its file.
     *
     * @throws java.nio.charset.CharacterCodingException when a text holds half of a surrogate pair
     */
    static byte[] write(ImageRecord record) throws IOException {
        JsonWriter out = new JsonWriter();
        out.beginObject();
        out.name("id").value(record.id());
        out.name("name").value(record.name());
        out.name("state").value(record.state() == null ? null : record.state().name());
        out.name("path").value(record.path());
        out.name("source").value(record.source());
        out.name("apparentBytes").value(record.apparentBytes());
        out.name("allocatedBytes").value(record.allocatedBytes());
        out.name("files").value(record.files());
        out.name("commit").value(record.commit());
        out.name("error").value(record.error());
        out.name("created").value(record.created());
        owner(record.owner(), out.name("owner"));
        out.name("cloners").beginArray();
        for (ImageRecord.Cloner cloner : record.cloners()) {
            out.beginObject();
            owner(cloner.owner(), out.name("owner"));
            out.name("token").value(cloner.token());
            out.endObject();
        }
        out.endArray();
        out.name("users").value(record.users());
        transfer(record.transfer(), out.name("transfer"));
        out.endObject();
        return out.utf8();
    }

    private static void transfer(ImageRecord.Transfer transfer, JsonWriter out) {
        if (transfer == null) {
            out.nullValue();
            return;
        }
        out.beginObject();
        out.name("downloaded").value(transfer.downloaded());
        out.name("reused").value(transfer.reused());
        out.endObject();
    }

    private static void owner(Owner owner, JsonWriter out) {
        if (owner == null) {
            out.nullValue();
            return;
        }
        out.beginObject();
        out.name("host").value(owner.host());
        out.name("pid").value(owner.pid());
        out.name("started").value(owner.started());
        out.endObject();
    }

    /**
     * The entry in {@code bytes}, or null when they hold the JSON {@code null}.
     *
     * @throws MalformedJsonException when they hold no entry
     */
    static ImageRecord read(byte[] bytes) throws MalformedJsonException {
        JsonReader in = JsonReader.of(bytes);
        Token first = in.next();
        if (first == Token.NULL) {
            return null;
        }
        expect(in, Token.START_OBJECT, "an object");
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
        while (in.next() == Token.NAME) {
            in.next();
            switch (in.name()) {
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
                default -> in.skipValue();
            }
        }
        expect(in, Token.END_OBJECT, "the end of the object");
        return new ImageRecord(id, name, state, path, source, apparentBytes, allocatedBytes, files, commit,
                error, created, owner, cloners, users, transfer);
    }

    private static ImageRecord.Transfer transfer(JsonReader in) throws MalformedJsonException {
        if (in.current() == Token.NULL) {
            return null;
        }
        expect(in, Token.START_OBJECT, "a transfer object");
        long downloaded = 0;
        long reused = 0;
        while (in.next() == Token.NAME) {
            in.next();
            switch (in.name()) {
                case "downloaded" -> downloaded = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                case "reused" -> reused = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> in.skipValue();
            }
        }
        expect(in, Token.END_OBJECT, "the end of the transfer");
        return new ImageRecord.Transfer(downloaded, reused);
    }

    private static Owner owner(JsonReader in) throws MalformedJsonException {
        if (in.current() == Token.NULL) {
            return null;
        }
        expect(in, Token.START_OBJECT, "an owner object");
        String host = null;
        long pid = 0;
        long started = 0;
        while (in.next() == Token.NAME) {
            in.next();
            switch (in.name()) {
                case "host" -> host = text(in);
                case "pid" -> pid = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                case "started" -> started = number(in, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> in.skipValue();
            }
        }
        expect(in, Token.END_OBJECT, "the end of the owner");
        return new Owner(host, pid, started);
    }

    private static List<ImageRecord.Cloner> cloners(JsonReader in) throws MalformedJsonException {
        if (in.current() == Token.NULL) {
            return null;
        }
        expect(in, Token.START_ARRAY, "an array of clone marks");
        List<ImageRecord.Cloner> cloners = new ArrayList<>();
        while (in.next() != Token.END_ARRAY) {
            if (in.current() == Token.NULL) {
                cloners.add(null);
                continue;
            }
            expect(in, Token.START_OBJECT, "a clone mark object");
            Owner owner = null;
            String token = null;
            while (in.next() == Token.NAME) {
                in.next();
                switch (in.name()) {
                    case "owner" -> owner = owner(in);
                    case "token" -> token = text(in);
                    default -> in.skipValue();
                }
            }
            expect(in, Token.END_OBJECT, "the end of the clone mark");
            cloners.add(new ImageRecord.Cloner(owner, token));
        }
        return cloners;
    }

    /** A text field: a string, null, or another scalar as its text (as jackson-databind coerced them). */
    private static String text(JsonReader in) throws MalformedJsonException {
        Token token = in.current();
        if (token == Token.NULL) {
            return null;
        }
        if (token != Token.STRING && token != Token.NUMBER && token != Token.TRUE && token != Token.FALSE) {
            throw in.error("field '" + in.name() + "' is not a text");
        }
        return in.text();
    }

    /** A whole-number field within bounds: a number, a number in a string, or null (0). */
    private static long number(JsonReader in, long min, long max) throws MalformedJsonException {
        Token token = in.current();
        long value;
        if (token == Token.NULL) {
            return 0;
        } else if (in.isWholeNumber()) {
            value = in.longValue();
        } else if (token == Token.STRING) {
            try {
                value = Long.parseLong(in.text().strip());
            } catch (NumberFormatException e) {
                throw in.error("field '" + in.name() + "' is not a whole number");
            }
        } else {
            throw in.error("field '" + in.name() + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw in.error("field '" + in.name() + "' is out of range");
        }
        return value;
    }

    private static ImageState state(JsonReader in) throws MalformedJsonException {
        String name = text(in);
        if (name == null) {
            return null;
        }
        try {
            return ImageState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw in.error("field 'state' is not an image state: " + name);
        }
    }

    private static void expect(JsonReader in, Token expected, String what) throws MalformedJsonException {
        Token actual = in.current();
        if (actual != expected) {
            throw in.error("expected " + what + ", found " + (actual == Token.END ? "the end" : actual));
        }
    }
}
