package dev.salvo.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateTest {
    private static final List<String> FIELDS = List.of("first_name", "last_name", "note");
    private static final RenderContext CTX = new RenderContext("spring-sale", 7,
            Instant.parse("2026-11-28T10:00:00Z"), "https://u.example/unsub");
    private static final Pattern GENERATED_ID = Pattern.compile("<spring-sale\\.7\\.([0-9a-z]+)@example\\.com>");

    @TempDir
    Path dir;

    @Test
    void rendersASampleByteForByte() throws IOException {
        Template template = load("From: Shop <news@example.com>\n"
                + "To: {{first_name}} {{last_name}} <{{email}}>\n"
                + "Subject: Hello {{ first_name }}, your {{campaign}} offer\n"
                + "List-Unsubscribe: <{{unsubscribe_url}}>\n"
                + "\n"
                + "Dear {{first_name}},\n"
                + "{{note}}\n"
                + "{{{note}}} and {{& note}}\n"
                + "Bye\n");
        MessageContent content = template.render(row(2, "ann@example.com", "Ann", "Lee", ".dotted"), CTX);
        try {
            String bdat = drain(content.bdatPayload());
            Matcher id = GENERATED_ID.matcher(bdat);
            assertThat(id.find()).as("generated Message-ID in %s", bdat).isTrue();
            String expected = "From: Shop <news@example.com>\r\n"
                    + "To: Ann Lee <ann@example.com>\r\n"
                    + "Subject: Hello Ann, your spring-sale offer\r\n"
                    + "List-Unsubscribe: <https://u.example/unsub?c=spring-sale&r=ann%40example.com>\r\n"
                    + "Message-ID: " + id.group() + "\r\n"
                    + "Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
                    + "\r\n"
                    + "Dear Ann,\r\n"
                    + ".dotted\r\n"
                    + ".dotted and .dotted\r\n"
                    + "Bye\r\n";
            assertThat(bdat).isEqualTo(expected);
            assertThat(drain(content.dataPayload()))
                    .isEqualTo(expected.replace("\r\n.dotted", "\r\n..dotted") + ".\r\n");
            assertThat(content.messageIdHeader()).isEqualTo(id.group().substring(1, id.group().length() - 1));
            assertThat(content.has8BitContent()).isFalse();
            assertThat(template.isStatic()).isFalse();
        } finally {
            content.release();
        }
    }

    @Test
    void messageIdIsUniquePerRecipientAndDateIsPresent() throws IOException {
        Template template = load("From: news@example.com\nSubject: s\n\nstatic body\n");
        assertThat(template.isStatic()).isTrue();
        MessageContent a = template.render(row(2, "a@example.com", "A", "B", ""), CTX);
        MessageContent b = template.render(row(3, "b@example.com", "A", "B", ""), CTX.withSequence(8));
        MessageContent again = template.render(row(2, "a@example.com", "A", "B", ""), CTX);
        try {
            assertThat(a.messageIdHeader()).startsWith("spring-sale.7.").endsWith("@example.com");
            assertThat(b.messageIdHeader()).startsWith("spring-sale.8.");
            assertThat(again.messageIdHeader()).as("a re-run still gets a fresh id").isNotEqualTo(a.messageIdHeader());
            String text = drain(a.bdatPayload());
            assertThat(text).contains("\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n")
                    .contains("\r\nTo: a@example.com\r\n");
        } finally {
            a.release();
            b.release();
            again.release();
        }
    }

    @Test
    void builtInPlaceholdersInMessageIdAndDateHeadersAreFilledIn() throws IOException {
        Template template = load("Message-ID: {{message_id}}\nDate: {{date}}\nFrom: Shop <news@ex\u00e4mple.com>\n"
                + "To: list@example.com\n\nyour id {{message_id}}, sent {{date}}, to {{email}}\n");
        MessageContent content = template.render(row(2, "ann@example.com", "Ann", "Lee", ""), CTX);
        try {
            String text = drain(content.bdatPayload());
            String id = content.messageIdHeader();
            assertThat(id).startsWith("spring-sale.7.").endsWith("@xn--exmple-cua.com");
            assertThat(text).startsWith("Message-ID: <" + id + ">\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n")
                    .contains("\r\nTo: list@example.com\r\n\r\n")
                    .endsWith("your id <" + id + ">, sent Sat, 28 Nov 2026 10:00:00 +0000, to ann@example.com\r\n");
            assertThat(text).containsOnlyOnce("Message-ID:").containsOnlyOnce("Date:").containsOnlyOnce("To:");
        } finally {
            content.release();
        }
    }

    @Test
    void nonAsciiValuesBecomeEncodedWordsInHeadersAndStayUtf8InTheBody() throws IOException {
        Template template = load("From: news@example.com\nTo: {{first_name}} <{{email}}>\n"
                + "Subject: Hello {{first_name}}!\n\nHallo {{first_name}}\n");
        MessageContent content = template.render(row(2, "j@example.com", "J\u00fcrgen", "M", ""), CTX);
        try {
            String text = drain(content.bdatPayload());
            String word = "=?UTF-8?B?" + Base64.getEncoder().encodeToString("J\u00fcrgen".getBytes(StandardCharsets.UTF_8))
                    + "?=";
            String subject = "=?UTF-8?B?" + Base64.getEncoder().encodeToString("Hello J\u00fcrgen!"
                    .getBytes(StandardCharsets.UTF_8)) + "?=";
            assertThat(text).contains("\r\nTo: " + word + " <j@example.com>\r\n")
                    .contains("\r\nSubject: " + subject + "\r\n")
                    .endsWith("\r\n\r\nHallo J\u00fcrgen\r\n");
            assertThat(content.headersNeedSmtpUtf8()).isFalse();
            assertThat(content.has8BitContent()).isTrue();
        } finally {
            content.release();
        }
    }

    @Test
    void longNonAsciiValuesAreSplitIntoFoldedWordsOnCharacterBoundaries() {
        StringBuilder out = new StringBuilder();
        String text = "\u00e9".repeat(40); // 80 octets: two words
        EncodedWords.append(out, text);
        String[] words = out.toString().split("\r\n ");
        assertThat(words).hasSize(2).allSatisfy(w -> assertThat(w.length()).isLessThanOrEqualTo(75));
        StringBuilder decoded = new StringBuilder();
        for (String w : words) {
            decoded.append(new String(Base64.getDecoder().decode(w.substring(10, w.length() - 2)),
                    StandardCharsets.UTF_8));
        }
        assertThat(decoded.toString()).isEqualTo(text);
    }

    @Test
    void headerInjectionIsRejected() throws IOException {
        Template template = load("From: news@example.com\nSubject: Hi {{first_name}}\n\nbody {{note}}\n");
        assertThatThrownBy(() -> template.render(row(42, "a@example.com", "Ann\r\nBcc: victim@example.com", "L", ""),
                CTX))
                .isInstanceOf(CampaignException.class)
                .hasMessage("row 42: the value of {{first_name}} for the Subject header contains a line break; "
                        + "header values must be one line (header injection)");
        MessageContent multiLineBody = template.render(row(43, "a@example.com", "Ann", "L", "one\ntwo\r\n.\r\nthree"),
                CTX);
        try {
            assertThat(drain(multiLineBody.dataPayload()))
                    .as("a value cannot end the DATA early: its dot line is stuffed")
                    .endsWith("\r\n\r\nbody one\r\ntwo\r\n..\r\nthree\r\n.\r\n");
        } finally {
            multiLineBody.release();
        }
    }

    @Test
    void anEmptyValueIsAnErrorInAHeaderAndAllowedInTheBody() throws IOException {
        Template template = load("From: news@example.com\nSubject: Hello {{first_name}}\n\nP.S. {{note}}\n");
        assertThatThrownBy(() -> template.render(row(42, "a@example.com", "", "L", ""), CTX))
                .isInstanceOf(CampaignException.class)
                .hasMessageStartingWith("row 42: placeholder {{first_name}} has no value; it is used in the Subject "
                        + "header");
        assertThat(text(template, row(43, "a@example.com", "Ann", "L", ""), CTX)).endsWith("\r\n\r\nP.S. \r\n");
    }

    @Test
    void unknownPlaceholderFailsAtLoadNamingItAndTheFieldsAvailable() throws IOException {
        assertThatThrownBy(() -> load("From: news@example.com\nSubject: s\n\nHi {{frist_name}}\n"))
                .isInstanceOf(CampaignException.class)
                .hasMessageEndingWith("line 4: {{frist_name}} is neither a column of the recipients file nor a built-in. "
                        + "Columns: first_name, last_name, note; built-ins: email, message_id, date, campaign, "
                        + "unsubscribe_url");
        assertThatThrownBy(() -> load("From: news@example.com\nSubject: {{First_Name}}\n\n"))
                .hasMessageContaining("line 2: {{First_Name}} is neither")
                .hasMessageContaining("did you mean {{first_name}}?");
    }

    @Test
    void unsupportedMustacheAndBrokenTemplatesFailAtLoad() throws IOException {
        assertThatThrownBy(() -> load("From: a@example.com\n\n{{#vip}}Hi{{/vip}}\n"))
                .hasMessageContaining("line 3: {{#vip}} is a Mustache section");
        assertThatThrownBy(() -> load("From: a@example.com\n\nHi {{first_name\n}}\n"))
                .hasMessageContaining("line 3: '{{' is not closed by '}}' on the same line");
        assertThatThrownBy(() -> load("Subject: {{first_name}}\n\nno From\n"))
                .hasMessageContaining(": message has no From: header field");
        assertThatThrownBy(() -> load("From: a@example.com\nMessage-ID: <fixed@example.com>\n\nx\n"))
                .hasMessageContaining("line 2: Message-ID is fixed text, so every recipient would get the same one");
        assertThatThrownBy(() -> load("From: a@example.com\nContent-Transfer-Encoding: base64\n\n{{note}}\n"))
                .hasMessageContaining("line 2: the body is base64-encoded, so placeholders in it cannot be filled in");
        assertThatThrownBy(() -> load("From: nobody\nSubject: s\n\nx\n"))
                .hasMessageContaining("From has no address with a domain");
    }

    @Test
    void aValueThatMakesALineTooLongIsRejectedForThatRow() throws IOException {
        Template template = load("From: a@example.com\n\nNote: {{note}}\n");
        assertThatThrownBy(() -> template.render(row(9, "a@example.com", "A", "B", "x".repeat(1000)), CTX))
                .isInstanceOf(CampaignException.class)
                .hasMessageStartingWith("row 9: rendered line 6 is 1006 octets long");
    }

    @Test
    void aShortValueWhoseEncodedWordOverflowsALongLineIsStillCaught() throws IOException {
        Template template = load("From: a@example.com\nTo: " + "x".repeat(975) + " {{note}} <a@b.co>\n\n");
        assertThatThrownBy(() -> template.render(row(3, "a@example.com", "A", "B", "\u00e9"), CTX))
                .hasMessageStartingWith("row 3: rendered line 2 is 1005 octets long");
    }

    @Test
    void displayNamesAreQuotedWhenNeededAndBareAddressesAreNot() throws IOException {
        Template template = load("From: news@example.com\nTo: {{first_name}} <{{email}}>, {{note}}\n"
                + "Reply-To: {{last_name}} <r@example.com>\n\n");
        assertThat(text(template, row(2, "a@example.com", "Smith, \"J\"", "O'Neil", "cc@example.com"), CTX))
                .contains("\r\nTo: \"Smith, \\\"J\\\"\" <a@example.com>, cc@example.com\r\n")
                .contains("\r\nReply-To: O'Neil <r@example.com>\r\n");
        assertThatThrownBy(() -> load("From: a@example.com\nTo: \"{{first_name}} {{last_name}}\" <{{email}}>\n\n"))
                .hasMessageContaining("line 2: {{first_name}} is inside quotes in the To header; remove the quotes");
    }

    @Test
    void aColumnShadowsABuiltInButNotEmail() throws IOException {
        Path file = write("From: a@example.com\nTo: {{email}}\nSubject: {{campaign}}\n\n");
        Template template = Template.load(file, List.of("campaign"));
        RecipientRow row = new RecipientRow(2, EmailAddress.parse("b@example.com"), new String[] {"from the list"});
        assertThat(text(template, row, CTX)).contains("\r\nTo: b@example.com\r\nSubject: from the list\r\n");
    }

    @Test
    void structuredHeadersRefuseNonAsciiAndUnsubscribeNeedsABase() throws IOException {
        Template template = load("From: a@example.com\nIn-Reply-To: <{{note}}@example.com>\n\n");
        assertThatThrownBy(() -> template.render(row(5, "a@example.com", "A", "B", "caf\u00e9"), CTX))
                .hasMessageStartingWith("row 5: the value of {{note}} has non-ASCII characters, which the In-Reply-To "
                        + "header cannot carry");
        Template unsubscribe = load("From: a@example.com\n\n{{unsubscribe_url}}\n");
        RenderContext noBase = new RenderContext("c", 1, Instant.EPOCH);
        assertThatThrownBy(() -> unsubscribe.render(row(6, "a@example.com", "A", "B", ""), noBase))
                .hasMessageStartingWith("row 6: {{unsubscribe_url}} has no value");
    }

    /**
     * Most messages skip normalisation (the template is CRLF already); every way a value can put
     * the result out of wire form must still come out CRLF-only and dot-stuffed, the same as a
     * message normalised from scratch.
     */
    @Test
    void everyBodyComesOutInWireFormWhateverTheValues() throws IOException {
        List<String> bodies = List.of("{{note}}\n", "A{{note}}\n", "{{note}}.after\n", ".{{note}}\n", "line\n{{note}}",
                "{{note}}{{note}}\n", "x\n{{note}}\n.literal dot\n", "{{note}}\n{{note}}", "");
        List<String> values = List.of("", "plain", ".dot", "a\nb", "a\r\nb", "a\rb", "x\n.y", "ümlaut", "end\n", "\n.");
        for (String body : bodies) {
            Template template = load("From: news@example.com\nSubject: s\n\n" + body);
            for (String value : values) {
                MessageContent content = template.render(row(2, "a@example.com", "A", "B", value), CTX);
                try {
                    String bdat = drain(content.bdatPayload());
                    String data = drain(content.dataPayload());
                    String what = "body " + body.replace("\n", "\\n") + " with " + value.replace("\n", "\\n").replace("\r", "\\r");
                    String expectedBody = body.isEmpty() ? "" : crlf(crlf(body).replace("{{note}}", value));
                    assertThat(bdat.substring(bdat.indexOf("\r\n\r\n") + 4)).as(what).isEqualTo(expectedBody);
                    assertThat(data).as(what).isEqualTo(bdat.replace("\r\n.", "\r\n..") + ".\r\n");
                    assertThat(content.size()).as(what).isEqualTo(bdat.getBytes(StandardCharsets.UTF_8).length);
                    assertThat(content.has8BitContent()).as(what).isEqualTo(value.equals("ümlaut") && !body.isEmpty());
                } finally {
                    content.release();
                }
            }
        }
    }

    /** Every line end as CRLF, and a final one: what any message is normalised to. */
    private static String crlf(String text) {
        String out = text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        return out.endsWith("\r\n") ? out : out + "\r\n";
    }

    private Template load(String text) throws IOException {
        return Template.load(write(text), FIELDS);
    }

    private Path write(String text) throws IOException {
        return Files.write(Files.createTempFile(dir, "template", ".eml"), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The rendered message as BDAT would send it; releases the content. */
    static String text(Template template, RecipientRow row, RenderContext ctx) {
        MessageContent content = template.render(row, ctx);
        try {
            return drain(content.bdatPayload());
        } finally {
            content.release();
        }
    }

    static RecipientRow row(long line, String email, String first, String last, String note) {
        return new RecipientRow(line, EmailAddress.parse(email), new String[] {first, last, note});
    }

    static String drain(ByteBuf buf) {
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }
}
