/**
 * SQL for the name a learner goes by on a platform: the display name of their account there (a learner
 * who joined Discord and LINE is "Alice" on Discord and "あおい" on LINE), else their first account's,
 * else the last characters of its platform id. `learner` is the users row of the learner (aliased).
 */
export const learnerNameOn = (learner: string, platform: string): string => `COALESCE(
  CASE WHEN ${learner}.platform = ${platform} THEN ${learner}.display_name END,
  (SELECT acc.display_name FROM account_links link JOIN users acc ON acc.id = link.account_id
   WHERE link.learner_id = ${learner}.id AND acc.platform = ${platform}),
  ${learner}.display_name,
  '…' || substr(${learner}.platform_user_id, -4))`;
