package dev.sculptor.core.messaging;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/** Messages on {@link Topics#JOBS}, keyed by job id; the JSON carries a {@code type} field. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = JobSubmitted.class, name = "JobSubmitted"),
  @JsonSubTypes.Type(value = JobCancelRequested.class, name = "JobCancelRequested"),
  @JsonSubTypes.Type(value = SensitivityRequested.class, name = "SensitivityRequested")
})
public sealed interface JobMessage permits JobSubmitted, JobCancelRequested, SensitivityRequested {
  UUID jobId();
}
