-- invigil 003: the Testpress SDK finds exams by their access code
-- (GET /api/v2.2.1/access_codes/{code}/exams/): that lookup has its index.
CREATE INDEX ix_exams_access_code ON exams (access_code);
