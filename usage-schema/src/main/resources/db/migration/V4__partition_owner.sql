-- Fencing: the instance that last took a partition over. A batch or flush of an instance that
-- lost the partition (but has not noticed yet) finds another owner here and rolls back.
ALTER TABLE consumer_offsets ADD COLUMN owner varchar(128);
