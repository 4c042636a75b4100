-- Records a consumer refused (not JSON, a required id missing, an unknown type), kept so an operator
-- can see and replay them. Evaluators have no database: theirs arrive on sculptor.dead-letters.v1
-- and the api stores them here. One row per consumer group and record, so a redelivered refusal
-- is stored once.
CREATE TABLE dead_letter (
    id                 bigserial PRIMARY KEY,
    topic              varchar(249) NOT NULL,
    kafka_partition    integer NOT NULL CHECK (kafka_partition >= 0),
    kafka_offset       bigint NOT NULL CHECK (kafka_offset >= 0),
    message_key        text,
    -- the message as it was, cut at 256 KiB (then payload_truncated, and it cannot be replayed)
    payload            text,
    payload_truncated  boolean NOT NULL DEFAULT false,
    reason             text NOT NULL,
    consumer_group     varchar(249) NOT NULL,
    dead_at            timestamptz NOT NULL DEFAULT now(),
    replayed_at        timestamptz,
    replays            integer NOT NULL DEFAULT 0 CHECK (replays >= 0),
    CONSTRAINT dead_letter_once UNIQUE (consumer_group, topic, kafka_partition, kafka_offset)
);
CREATE INDEX dead_letter_topic_idx ON dead_letter (topic, id DESC);
