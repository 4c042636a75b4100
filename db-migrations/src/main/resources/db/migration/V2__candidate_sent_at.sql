-- When a candidate's latest evaluation request went out. NULL while it is being sent: a worker killed
-- between storing the row and sending leaves it NULL, and the search that resumes the job sends it.
-- (Before this column, a resent request's time was kept in finished_at.)
ALTER TABLE candidate ADD COLUMN sent_at timestamptz;
UPDATE candidate SET sent_at = CASE WHEN status = 'PENDING' THEN coalesce(finished_at, created_at) ELSE created_at END;
UPDATE candidate SET finished_at = NULL WHERE status = 'PENDING';
