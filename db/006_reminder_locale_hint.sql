-- The language a reminder is written in, for users who never chose one with /lang: the platform's locale
-- hint (Discord's interaction locale, LINE's profile language) seen when the reminder was set.
-- NULL (every reminder set before this migration, or no hint): Japanese.

ALTER TABLE reminders ADD COLUMN locale_hint TEXT CHECK (locale_hint IN ('ja', 'en'));
