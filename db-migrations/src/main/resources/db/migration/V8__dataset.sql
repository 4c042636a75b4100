-- A team's uploaded dataset (issue 13): its stored file is an artifact (dataset.sds, see
-- core/dataset/DatasetFile); the row holds what the api, the worker and the evaluator need to know
-- of it without opening the file. Jobs name it as 'ds-' || id.
CREATE TABLE dataset (
    id                  uuid PRIMARY KEY,
    team_id             uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    source_format       varchar(16) NOT NULL CHECK (source_format IN ('idx', 'npz', 'image-zip')),
    channels            integer NOT NULL CHECK (channels BETWEEN 1 AND 4),
    height              integer NOT NULL CHECK (height >= 1),
    width               integer NOT NULL CHECK (width >= 1),
    class_names         jsonb NOT NULL,
    -- examples per class in each split: {"train": [..], "validation": [..], "test": [..]}
    class_counts        jsonb NOT NULL,
    train_examples      integer NOT NULL CHECK (train_examples >= 1),
    validation_examples integer NOT NULL CHECK (validation_examples >= 1),
    test_examples       integer NOT NULL CHECK (test_examples >= 1),
    split_seed          bigint,
    bytes               bigint NOT NULL CHECK (bytes >= 0),
    artifact_id         uuid NOT NULL REFERENCES artifact (id),
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dataset_team_created_idx ON dataset (team_id, created_at DESC);
