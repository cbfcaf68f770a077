-- bench/dashboard.sh: gives `civic311 seed`'s bare requests the history the dashboard measures,
-- written as plain SQL so that the dashboard's triggers (migration 0015) maintain their tables
-- exactly as they do for the server's own writes. Deterministic (hashes of the id, no random()).
-- Closed requests: a workflow row closed at their updated_at; three in four got a first action
-- (acknowledge) within two days; one closed request in 25 was reopened once; one request in 20
-- has a work order; one fixed request in 5 has a "was it fixed?" answer; the call desk answered
-- a question for about one request in 10.
BEGIN;
INSERT INTO request_workflow (request_id, closed_at)
  SELECT id, CASE WHEN state IN ('fixed', 'duplicate', 'not_responsible', 'no_further_action',
                                 'referred', 'cancelled') THEN updated_at END
  FROM service_requests WHERE id NOT IN (SELECT request_id FROM request_workflow);
INSERT INTO request_events (request_id, at, actor_user_id, kind, state, text, internal, media_url)
  SELECT id, requested_at + (id * 7919) % 172800, 2, 'acknowledge', 'acknowledged', '', 0, ''
  FROM service_requests WHERE state != 'submitted' AND id % 4 != 0;
INSERT INTO request_events (request_id, at, actor_user_id, kind, state, text, internal, media_url)
  SELECT id, updated_at - 60, 2, 'reopen', 'reopened', 'not fixed', 0, ''
  FROM service_requests WHERE state = 'fixed' AND id % 25 = 0;
INSERT INTO work_orders (request_id, department_code, crew, labour_hours, materials, cost_cents,
                         completion_note, done, created_at, updated_at)
  SELECT id, department_code, 'crew ' || (id % 7), ((id * 31) % 16) / 2.0, '',
         (id * 7919) % 60000, '', 1, requested_at + 3600, requested_at + 7200
  FROM service_requests WHERE id % 20 = 0;
INSERT INTO survey_answers (request_id, fixed, comment, source, answered_at)
  SELECT id, (id % 7) != 0, '', 'email', updated_at + 86400
  FROM service_requests WHERE state = 'fixed' AND id % 5 = 0;
INSERT INTO audit_log (at, actor_user_id, action, department_code, request_id, detail)
  SELECT requested_at + 600, 3, 'info_contact', CASE WHEN id % 3 = 0 THEN 'CC311' ELSE department_code END,
         NULL, json_object('channel', CASE id % 3 WHEN 0 THEN 'phone' WHEN 1 THEN 'email' ELSE 'walk_in' END,
                           'article', 'bulk-trash', 'lang', 'en')
  FROM service_requests WHERE id % 10 = 0;
COMMIT;
ANALYZE;
