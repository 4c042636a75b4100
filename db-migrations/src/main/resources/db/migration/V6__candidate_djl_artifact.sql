-- Each evaluated attempt stores two files: the deployable ONNX model (artifact_id, media type
-- application/octet-stream) and the DJL zip the evaluator trained (djl_artifact_id). Candidates
-- evaluated before the ONNX export keep their zip in artifact_id (media type application/zip) and
-- have no djl_artifact_id.
ALTER TABLE candidate ADD COLUMN djl_artifact_id uuid REFERENCES artifact (id);
