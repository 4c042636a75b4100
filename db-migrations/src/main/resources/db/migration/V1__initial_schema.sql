-- Sculptor schema v1. Every table the design names: teams and their API keys, search jobs with
-- their outbox, candidates and the Pareto front, checkpoints, artifacts and live evaluators.

CREATE TABLE team (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Keys are stored as SHA-256 hashes; the prefix lets a user recognise a key without revealing it.
CREATE TABLE api_key (
    id          uuid PRIMARY KEY,
    team_id     uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    key_hash    char(64) NOT NULL UNIQUE,
    key_prefix  varchar(12) NOT NULL,
    label       text,
    admin       boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_key_team_idx ON api_key (team_id);

CREATE TABLE search_job (
    id                 uuid PRIMARY KEY,
    team_id            uuid NOT NULL REFERENCES team (id),
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status             varchar(16) NOT NULL
                       CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    spec               jsonb NOT NULL,
    hardware_target    varchar(64) NOT NULL,
    dataset            varchar(200) NOT NULL,
    strategy           varchar(32) NOT NULL,
    max_candidates     integer NOT NULL CHECK (max_candidates > 0),
    idempotency_key    varchar(200),
    -- progress
    generation         integer NOT NULL DEFAULT 0 CHECK (generation >= 0),
    evaluated          integer NOT NULL DEFAULT 0 CHECK (evaluated >= 0),
    best_feasible_accuracy double precision CHECK (best_feasible_accuracy BETWEEN 0 AND 1),
    hypervolume        double precision CHECK (hypervolume >= 0),
    eta_seconds        bigint,
    failure_reason     text,
    cancel_requested   boolean NOT NULL DEFAULT false,
    -- lease held by the search worker running the job
    lease_owner        varchar(200),
    lease_expires_at   timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    started_at         timestamptz,
    finished_at        timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT search_job_finished_after_start CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at),
    CONSTRAINT search_job_idempotency UNIQUE (team_id, idempotency_key)
);
CREATE INDEX search_job_team_created_idx ON search_job (team_id, created_at DESC, id DESC);
CREATE INDEX search_job_status_idx ON search_job (status) WHERE status IN ('QUEUED', 'RUNNING');

-- Transactional outbox: written with the job in one transaction, published to Kafka by the relay.
CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    topic         varchar(249) NOT NULL,
    message_key   varchar(200) NOT NULL,
    payload       jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz,
    attempts      integer NOT NULL DEFAULT 0
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE artifact (
    id          uuid PRIMARY KEY,
    uri         text NOT NULL,
    bytes       bigint NOT NULL CHECK (bytes >= 0),
    sha256      char(64) NOT NULL,
    media_type  varchar(100) NOT NULL DEFAULT 'application/zip',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE candidate (
    id              uuid PRIMARY KEY,
    job_id          uuid NOT NULL REFERENCES search_job (id) ON DELETE CASCADE,
    fingerprint     char(32) NOT NULL,
    generation      integer NOT NULL CHECK (generation >= 0),
    status          varchar(16) NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    genome          jsonb,
    spec            jsonb NOT NULL,
    metrics         jsonb,
    accuracy        double precision CHECK (accuracy BETWEEN 0 AND 1),
    latency_ms      double precision CHECK (latency_ms >= 0),
    latency_source  varchar(16) CHECK (latency_source IN ('MEASURED', 'PREDICTED')),
    model_bytes     bigint CHECK (model_bytes >= 0),
    feasible        boolean,
    on_front        boolean NOT NULL DEFAULT false,
    attempts        integer NOT NULL DEFAULT 0,
    failure_reason  text,
    artifact_id     uuid REFERENCES artifact (id),
    evaluator_id    varchar(200),
    training_curve  jsonb,
    timings         jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    -- identical decoded candidates are evaluated once per job
    CONSTRAINT candidate_fingerprint_once UNIQUE (job_id, fingerprint)
);
CREATE INDEX candidate_job_idx ON candidate (job_id, created_at);
CREATE INDEX candidate_front_idx ON candidate (job_id) WHERE on_front;

-- One row per generation: population, RL policy, RNG state; the newest one is resumed from.
CREATE TABLE checkpoint (
    job_id      uuid NOT NULL REFERENCES search_job (id) ON DELETE CASCADE,
    generation  integer NOT NULL CHECK (generation >= 0),
    state       jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, generation)
);

-- The newest RL pruning policy per hardware target, for warm starts of later jobs.
CREATE TABLE pruning_policy (
    hardware_target  varchar(64) PRIMARY KEY,
    job_id           uuid REFERENCES search_job (id) ON DELETE SET NULL,
    state            jsonb NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Hypervolume and policy reward per generation, for the UI's curves.
CREATE TABLE job_history (
    job_id         uuid NOT NULL REFERENCES search_job (id) ON DELETE CASCADE,
    generation     integer NOT NULL CHECK (generation >= 0),
    evaluated      integer NOT NULL,
    hypervolume    double precision,
    policy_reward  double precision,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, generation)
);

-- Evaluators seen through their heartbeats.
CREATE TABLE evaluator (
    id               varchar(200) PRIMARY KEY,
    hardware_target  varchar(64) NOT NULL,
    host             text NOT NULL,
    cores            integer NOT NULL CHECK (cores > 0),
    engine           text NOT NULL,
    first_seen_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL
);
CREATE INDEX evaluator_target_seen_idx ON evaluator (hardware_target, last_seen_at DESC);
