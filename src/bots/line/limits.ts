/** Limits of the LINE Messaging API that shape what the adapter sends. */
export const LINE_LIMITS = {
  /** Messages per reply or push request. */
  messagesPerRequest: 5,
  /** Characters of one text message. */
  textLength: 5000,
  quickReplyItems: 13,
  /** Characters of an action's label (quick reply button). */
  actionLabel: 20,
  /** Characters of a postback action's data and displayText. */
  postbackData: 300,
  /** A loading animation lasts 5–60 seconds, in steps of 5. */
  loadingSeconds: 60,
} as const;
