/** What a platform's API said about a failed call (status, code, body), read from its own error type. */
export type ApiErrorFields = (error: unknown) => Record<string, unknown> | undefined;

/**
 * Log fields for a failed call to a platform: what its API answered when the error is the API's own,
 * else the error itself (`err`, which the logger serializes with its stack).
 */
export const describeError = (error: unknown, apiFields: ApiErrorFields): Record<string, unknown> =>
  apiFields(error) ?? { err: error };
