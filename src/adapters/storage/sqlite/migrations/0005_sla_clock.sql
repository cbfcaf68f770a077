--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0005: the SLA clock (pauses in clock-stopping states, SLA cycles) and escalations recorded once
-- per (request, SLA cycle, rule). See docs/workflow.md, "The SLA clock" and "Escalations".

-- Since when the clock is stopped (NULL: running), and the SLA cycle (bumped on restarts).
ALTER TABLE request_workflow ADD COLUMN clock_paused_at INTEGER;
ALTER TABLE request_workflow ADD COLUMN sla_cycle INTEGER NOT NULL DEFAULT 0;

-- The escalation sweep reads open requests by due time through service_requests_open_expected
-- (0003), the staff list's overdue index.

-- Escalations keyed by rule and SLA cycle instead of a bare level (nothing wrote rows before).
CREATE TABLE escalations_by_rule (
  request_id  INTEGER NOT NULL REFERENCES service_requests (id),
  sla_cycle   INTEGER NOT NULL,
  rule        TEXT NOT NULL,                    -- EscalationRule::name
  level       INTEGER NOT NULL,                 -- 1: due soon, 2: overdue
  notify      TEXT NOT NULL,                    -- who is told: e-mail address or department code
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (request_id, sla_cycle, rule)     -- each escalation is recorded exactly once
) STRICT;
INSERT INTO escalations_by_rule (request_id, sla_cycle, rule, level, notify, recorded_at)
  SELECT request_id, 0, 'level ' || level, level, '', recorded_at FROM escalations;
DROP TABLE escalations;
ALTER TABLE escalations_by_rule RENAME TO escalations;
--)sql"_migration
