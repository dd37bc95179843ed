/**
 * The platform identities (owner_platform, owner_user_id) of every account of the same learner as the
 * owner bound to @platform and @userId, the owner itself included. Jobs stay keyed by the address they
 * were started from (that is where their progress goes); an account joined to another with /link
 * (account_links, db/009_learner_links.sql) finds the learner's jobs from either, and they count against one limit.
 */
export const SAME_LEARNER_OWNERS = `
  WITH account AS (SELECT id FROM users WHERE platform = @platform AND platform_user_id = @userId),
  learner AS (
    SELECT COALESCE((SELECT learner_id FROM account_links WHERE account_id = account.id), account.id) AS id
    FROM account
  )
  SELECT @platform AS platform, @userId AS platform_user_id
  UNION
  SELECT platform, platform_user_id FROM users
  WHERE id = (SELECT id FROM learner) OR id IN (SELECT account_id FROM account_links WHERE learner_id = (SELECT id FROM learner))`;
