package io.aigne.usage.quota.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.events.ModelCallJson;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * A jsonb column as a JSON tree. Written as text and cast by the column's write expression, so
 * Hibernate's own JSON mapping (and the REST layer's ObjectMapper it would borrow) stays out of it.
 */
@Converter
public class JsonText implements AttributeConverter<JsonNode, String> {
    @Override
    public String convertToDatabaseColumn(JsonNode value) {
        return value == null ? null : value.toString();
    }

    @Override
    public JsonNode convertToEntityAttribute(String text) {
        try {
            return text == null ? null : ModelCallJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("credit_transactions.metadata is not JSON", e);
        }
    }
}
