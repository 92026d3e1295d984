package io.aigne.usage.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvWriterTest {

    private static String write(CsvWriterRow row) throws IOException {
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out);
        row.write(csv);
        return out.toString();
    }

    interface CsvWriterRow {
        void write(CsvWriter csv) throws IOException;
    }

    @Test
    void separatesByCommasAndEndsRowsWithCrLf() throws IOException {
        assertThat(write(csv -> {
            csv.row("id", "model");
            csv.text("a").number(12L).number(null).text(null).endRow();
        })).isEqualTo("id,model\r\na,12,,\r\n");
    }

    @Test
    void quotesFieldsWithSeparatorsQuotesAndLineBreaks() throws IOException {
        assertThat(write(csv -> csv.text("a,b").text("say \"hi\"").text("two\nlines").text("cr\rhere").text("plain").endRow()))
                .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",plain\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "=SUM(A1:A2)|'=SUM(A1:A2)",
            "+1|'+1",
            "-2+3|'-2+3",
            "@cmd|'@cmd",
            "`\tx`|`'\tx`",
            "a=b|a=b",
            "'quoted|'quoted"})
    void guardsTextsThatASpreadsheetWouldRunAsAFormula(String text, String written) throws IOException {
        assertThat(write(csv -> csv.text(text).endRow())).isEqualTo(written + "\r\n");
    }

    @Test
    void aGuardedTextWithALineBreakIsQuotedToo() throws IOException {
        assertThat(write(csv -> csv.text("\r=1+1").text("=\"x\",y").endRow())).isEqualTo("\"'\r=1+1\",\"'=\"\"x\"\",y\"\r\n");
    }

    @Test
    void writesNumbersAsTheJsonAnswersDoAndNeverGuardsThem() throws IOException {
        assertThat(write(csv -> csv.number(new BigDecimal("0.0000001")).number(new BigDecimal("12.5")).number(-3L)
                .number(1234.5).number(0.0).endRow())).isEqualTo("0.0000001,12.5,-3,1234.5,0.0\r\n");
    }
}
