package dev.sculptor.core.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/** Jackson readers that accept a plain number or a string with a unit ("10MB", "50ms"). */
public final class HumanUnits {
  private HumanUnits() {}

  public static final class Bytes extends JsonDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) return p.getLongValue();
      if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT)
        return (long) Math.ceil(p.getDoubleValue());
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        try {
          return Units.parseBytes(p.getText());
        } catch (IllegalArgumentException e) {
          return (Long) ctx.handleWeirdStringValue(Long.class, p.getText(), e.getMessage());
        }
      }
      return (Long) ctx.handleUnexpectedToken(Long.class, p);
    }
  }

  public static final class Millis extends JsonDeserializer<Double> {
    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken().isNumeric()) return p.getDoubleValue();
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        try {
          return Units.parseMillis(p.getText());
        } catch (IllegalArgumentException e) {
          return (Double) ctx.handleWeirdStringValue(Double.class, p.getText(), e.getMessage());
        }
      }
      return (Double) ctx.handleUnexpectedToken(Double.class, p);
    }
  }
}
