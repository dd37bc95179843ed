import { HTTPFetchError, messagingApi } from "@line/bot-sdk";

export interface ClientSettings {
  channelAccessToken: string;
  baseURL: string;
}

/** A Messaging API client whose every request ends when `signal` aborts (a deadline, say). */
export type ClientFor = (signal: AbortSignal) => messagingApi.MessagingApiClient;

/** What the SDK's generated client asks of its HTTP layer, for the calls the adapter makes. */
interface HttpLayer {
  get(url: string, params?: Record<string, unknown>): Promise<Response>;
  post(url: string, body?: unknown, config?: { headers?: Record<string, string> }): Promise<Response>;
}

/**
 * The SDK's MessagingApiClient (v10, and v11 alike) sends each request with the global fetch and no
 * signal, and has no timeout setting. A call given up on therefore kept its socket until the server
 * answered, up to 300 s against a hanging API: 500 events left 2,500 descriptors open. The generated
 * client reaches the network only through its `httpClient`; each call here gets a client whose HTTP layer
 * passes the call's signal to fetch, so aborting ends the request and frees its socket. Paths, bodies,
 * headers and errors (HTTPFetchError) stay the SDK's.
 */
export function createClientFactory(settings: ClientSettings): ClientFor {
  const headers = {
    authorization: `Bearer ${settings.channelAccessToken}`,
    "user-agent": "manabot (@line/bot-sdk)",
  };
  return (signal) => {
    const client = new messagingApi.MessagingApiClient(settings);
    const slot = client as unknown as { httpClient?: unknown };
    // Checked on every call, so an SDK that renames its field fails loudly (and in the tests), not silently.
    if (typeof slot.httpClient !== "object" || slot.httpClient === null)
      throw new Error("@line/bot-sdk changed: MessagingApiClient has no httpClient to give a signal to");
    slot.httpClient = signalledHttp(settings.baseURL, headers, signal);
    return client;
  };
}

function signalledHttp(baseURL: string, headers: Record<string, string>, signal: AbortSignal): HttpLayer {
  const send = async (url: URL, init: RequestInit): Promise<Response> => {
    const response = await fetch(url, { ...init, signal });
    if (!response.ok) {
      // As the SDK reports it, so retries and fallbacks read the status, headers and body as before.
      throw new HTTPFetchError(`${response.status} - ${response.statusText}`, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: await response.text(),
      });
    }
    return response;
  };
  return {
    get(path, params) {
      const url = new URL(path, baseURL);
      for (const [key, value] of Object.entries(params ?? {}))
        if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
      return send(url, { headers });
    },
    post(path, body, config) {
      return send(new URL(path, baseURL), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers, ...config?.headers },
        body: JSON.stringify(body),
      });
    },
  };
}
