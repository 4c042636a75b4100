package dev.sculptor.core.job;

import java.util.UUID;

/**
 * The model a job's distilled candidates learn from when the user names one: a finished candidate
 * of an earlier job of the same team on the same dataset. Its deployable model teaches, the final
 * phase's when that succeeded, else the search's (what a download of it serves by default).
 */
public record NamedTeacher(UUID candidateId) {}
