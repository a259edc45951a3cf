package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.message.EmailAddress;
import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class RecipientsFileTest {
    private static RecipientsFile.Parsed parse(String text) throws Exception {
        return RecipientsFile.parse(new BufferedReader(new StringReader(text)));
    }

    @Test
    void oneAddressPerLineSkippingBlanksAndCommentsAndKeepingLineNumbersOfBadOnes() throws Exception {
        RecipientsFile.Parsed p = parse("# the list\n\nalice@example.com\n  bob@example.com  \nbob@\n\n# end\nno-at-sign\n");
        assertThat(p.valid()).extracting(EmailAddress::address).containsExactly("alice@example.com", "bob@example.com");
        assertThat(p.rejected()).extracting(RecipientsFile.Rejection::line).containsExactly(5, 8);
        assertThat(p.rejected()).extracting(RecipientsFile.Rejection::text).containsExactly("bob@", "no-at-sign");
        assertThat(p.rejected().get(0).reason()).contains("\"bob@\"");
    }

    @Test
    void csvWithAnEmailColumnAnywhereInItsHeader() throws Exception {
        RecipientsFile.Parsed p = parse("name,Email,city\n"
                + "\"Doe, Jane\",jane@example.com,Paris\n"
                + "Bob,,Rome\n"
                + "Carl,carl@@example.com,Oslo\n"
                + "Dee,\"dee@example.com\"\n"
                + "Eve\n");
        assertThat(p.valid()).extracting(EmailAddress::address).containsExactly("jane@example.com", "dee@example.com");
        assertThat(p.rejected()).extracting(RecipientsFile.Rejection::line).containsExactly(3, 4, 6);
        assertThat(p.rejected().get(0).reason()).isEqualTo("no value in the email column");
    }

    @Test
    void aHeaderThatIsOnlyTheEmailColumn() throws Exception {
        RecipientsFile.Parsed p = parse("\uFEFFemail\nalice@example.com\n");
        assertThat(p.valid()).extracting(EmailAddress::address).containsExactly("alice@example.com");
        assertThat(p.rejected()).isEmpty();
    }

    @Test
    void describesARejectionWithFileAndLine() throws Exception {
        RecipientsFile.Parsed p = parse("ok@example.com\nbad address\n");
        assertThat(p.rejected().get(0).describe(java.nio.file.Path.of("list.txt"))).startsWith("list.txt line 2: invalid email address");
    }
}
