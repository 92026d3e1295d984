package io.aigne.usage.alerts.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * A nullable field with an enumeration ({@code @Schema(nullable = true, enumeration = …)}, e.g. a
 * rule's {@code period}) gets type {@code [string, "null"]} but an enum without null, which no null
 * value matches; this adds null to such enums, as JSON Schema wants, so the stored document says
 * what the service writes.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class NullableEnums implements OASFilter {
    @Override
    public Schema filterSchema(Schema schema) {
        List<Object> values = schema.getEnumeration();
        if (schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL) && values != null && !values.isEmpty()
                && !values.contains(null)) {
            List<Object> withNull = new ArrayList<>(values);
            withNull.add(null);
            schema.setEnumeration(withNull);
        }
        return schema;
    }
}
