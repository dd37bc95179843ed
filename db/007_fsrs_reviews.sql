-- Reviews on FSRS (issue 15): each user's card per question holds ts-fsrs's memory model of it, and every
-- answer that changed a card is kept in review_log. The Leitner boxes become FSRS cards here.

CREATE TABLE review_cards_fsrs (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  -- ts-fsrs's Card: state 0 New, 1 Learning, 2 Review, 3 Relearning.
  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
  stability REAL NOT NULL,
  difficulty REAL NOT NULL,
  elapsed_days INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  reps INTEGER NOT NULL,
  lapses INTEGER NOT NULL,
  due_at TEXT NOT NULL,
  last_review TEXT,
  -- 1 Again, 2 Hard, 3 Good, 4 Easy.
  last_rating INTEGER CHECK (last_rating BETWEEN 1 AND 4),
  -- The local date (user's zone) from which the card is due, and of its last review: what /review reads.
  due_on TEXT NOT NULL,
  last_review_on TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, question_id)
);

-- One row per review: ts-fsrs's ReviewLog (the card before the review) with the answer's rating, how long
-- the answer took and where the card went.
CREATE TABLE review_log (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  prompt_id INTEGER REFERENCES quiz_prompts (id) ON DELETE SET NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
  answered_in_ms INTEGER,
  state INTEGER NOT NULL,
  due_at TEXT NOT NULL,
  stability REAL NOT NULL,
  difficulty REAL NOT NULL,
  elapsed_days INTEGER NOT NULL,
  last_elapsed_days INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  reviewed_at TEXT NOT NULL,
  next_due_on TEXT NOT NULL
);
CREATE INDEX review_log_user ON review_log (user_id, question_id, id);

-- Every question a user has answered gets a Review card, counting all their answers to it (reps) and the
-- wrong ones after the first answer (lapses: FSRS does not count missing a new card as one), last reviewed
-- at their latest answer:
-- - a card in Leitner box 1-5 keeps its due date; its stability is the box's interval (1, 2, 4, 8, 16 days:
--   at 90% retention FSRS's interval equals the stability) and its difficulty is high, since only missed
--   questions had boxes, easing from 7 in box 1 to 5 in box 5;
-- - a question once missed and since retired from box 5: stability 32 days, difficulty 5;
-- - a question never missed: about FSRS's first Good (stability 3 days, difficulty 3).
-- Due dates are counted in Asia/Tokyo (the default zone, no daylight saving: +9 hours is exact).
WITH answered AS (
  SELECT user_id, question_id, MAX(step) AS step, COUNT(*) AS reps, SUM(correct = 0) AS wrong,
         SUM(correct = 0) - (SELECT b.correct = 0 FROM attempts b WHERE b.user_id = a.user_id
                               AND b.question_id = a.question_id ORDER BY b.id LIMIT 1) AS lapses,
         MAX(answered_at) AS last_at,
         (SELECT b.correct FROM attempts b WHERE b.user_id = a.user_id AND b.question_id = a.question_id
          ORDER BY b.id DESC LIMIT 1) AS last_correct
  FROM attempts a GROUP BY user_id, question_id
),
mapped AS (
  SELECT n.user_id, n.question_id, n.step, n.reps, n.lapses, n.wrong, n.last_at, n.last_correct,
         CASE WHEN c.box IS NOT NULL THEN (1 << (c.box - 1)) WHEN n.wrong > 0 THEN 32 ELSE 3 END AS days,
         CASE WHEN c.box IS NOT NULL THEN 7.5 - 0.5 * c.box WHEN n.wrong > 0 THEN 5.0 ELSE 3.0 END AS difficulty,
         c.due_on AS box_due_on
  FROM answered n LEFT JOIN review_cards c ON c.user_id = n.user_id AND c.question_id = n.question_id
)
INSERT INTO review_cards_fsrs (user_id, question_id, step, state, stability, difficulty, elapsed_days,
  scheduled_days, learning_steps, reps, lapses, due_at, last_review, last_rating, due_on, last_review_on,
  updated_at)
SELECT user_id, question_id, step, 2, days, difficulty, 0, days, 0, reps, lapses,
       strftime('%Y-%m-%dT%H:%M:%fZ', last_at, '+' || days || ' days'),
       last_at,
       CASE WHEN last_correct = 1 THEN 3 ELSE 1 END,
       COALESCE(box_due_on, date(last_at, '+9 hours', '+' || days || ' days')),
       date(last_at, '+9 hours'),
       last_at
FROM mapped;

-- A Leitner card with no answer behind it (none is made that way; kept rather than lost): its box, as above.
INSERT INTO review_cards_fsrs (user_id, question_id, step, state, stability, difficulty, elapsed_days,
  scheduled_days, learning_steps, reps, lapses, due_at, last_review, last_rating, due_on, last_review_on,
  updated_at)
SELECT c.user_id, c.question_id, c.step, 2, (1 << (c.box - 1)), 7.5 - 0.5 * c.box, 0, (1 << (c.box - 1)), 0,
       0, 0, strftime('%Y-%m-%dT%H:%M:%fZ', c.due_on, '-9 hours'), NULL, NULL, c.due_on, NULL, c.updated_at
FROM review_cards c
WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = c.user_id AND a.question_id = c.question_id);

DROP TABLE review_cards;
ALTER TABLE review_cards_fsrs RENAME TO review_cards;
CREATE INDEX review_cards_due ON review_cards (user_id, due_on);
